package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The kernel build a tuned winner records (OpenClTuning.kernelFingerprint), from the packaged sources; no device needed. */
class OpenClKernelFingerprintTest {
  private static final String CL12 = "-cl-std=CL1.2";

  private static String header(String name) throws IOException {
    try (InputStream in = OpenClKernelFingerprintTest.class.getClassLoader()
        .getResourceAsStream(KernelSource.BASE + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void eachPathsSourcesGiveItsOwnFingerprintAndTheSameOneEachTime() {
    Map<MatrixPath, String> fingerprints = new EnumMap<>(MatrixPath.class);
    for (MatrixPath path : MatrixPath.values()) {
      fingerprints.put(path, OpenClTuning.kernelFingerprint(path));
      assertThat(OpenClTuning.kernelFingerprint(path)).isEqualTo(fingerprints.get(path)).matches("[0-9a-f]{12}");
    }
    assertThat(fingerprints.values()).as("three kernel files").doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @EnumSource(MatrixPath.class)
  void anEditedKernelOrHeaderChangesIt(MatrixPath path) throws IOException {
    String source = KernelSource.load(path.sourceFile());
    String fingerprint = OpenClTuning.fingerprint(path.languageOption(), source);
    assertThat(fingerprint).isEqualTo(OpenClTuning.kernelFingerprint(path));
    assertThat(OpenClTuning.fingerprint(path.languageOption(), source + "// edited\n")).isNotEqualTo(fingerprint);
    String bugs = header("moe_planted_bugs.h"); // included by moe_common.h: a header two levels down
    assertThat(source).as("headers are inlined, so they count").contains(bugs.strip());
    String edited = source.replace(bugs.strip(), bugs.strip().replaceFirst("\\n", "\n// edited\n"));
    assertThat(edited).isNotEqualTo(source);
    assertThat(OpenClTuning.fingerprint(path.languageOption(), edited)).isNotEqualTo(fingerprint);
  }

  @Test
  void theOpenClCVersionCountsAndTheDigestIsTheSameInEveryJvm() {
    String source = "__kernel void k() {}\n";
    assertThat(OpenClTuning.fingerprint("-cl-std=CL2.0", source)).isNotEqualTo(OpenClTuning.fingerprint(CL12, source));
    // the first 12 hex digits of SHA-256("-cl-std=CL1.2\0" + source): the same in every JVM, not an identity hash
    assertThat(OpenClTuning.fingerprint(CL12, source)).isEqualTo("8972e007210e");
  }
}
