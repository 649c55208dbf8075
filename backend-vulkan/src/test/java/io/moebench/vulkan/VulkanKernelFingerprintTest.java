package io.moebench.vulkan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The kernel build a tuned winner records (VulkanTuning.kernelFingerprint), from the packaged shaders; no device needed. */
class VulkanKernelFingerprintTest {

  /** The include closures VulkanTuning fingerprints for a path, copied so that a test can edit them. */
  private static Map<String, Map<String, String>> closures(MatrixPath path) {
    Map<String, Map<String, String>> closures = new TreeMap<>();
    for (String shader : new String[] {path.shader(), VulkanBackend.SPLIT_K_REDUCE_SHADER}) {
      closures.put(shader, new LinkedHashMap<>(ShaderSources.closure(shader)));
    }
    return closures;
  }

  @Test
  void thePathsShadersGiveTheSameFingerprintEachTimeAndEachShaderItsOwn() {
    String portable = VulkanTuning.kernelFingerprint(MatrixPath.PORTABLE);
    String coopmat = VulkanTuning.kernelFingerprint(MatrixPath.COOPMAT);
    assertThat(portable).matches("[0-9a-f]{12}").isEqualTo(VulkanTuning.kernelFingerprint(MatrixPath.PORTABLE));
    assertThat(coopmat).isNotEqualTo(portable);
    assertThat(VulkanTuning.kernelFingerprint(MatrixPath.COOPMAT_EMULATED)).as("the same shader; the tuning cache's "
        + "device key tells the paths apart").isEqualTo(coopmat);
    assertThat(VulkanTuning.fingerprint(closures(MatrixPath.COOPMAT))).isEqualTo(coopmat);
  }

  @ParameterizedTest
  @EnumSource(value = MatrixPath.class, names = {"PORTABLE", "COOPMAT"})
  void anEditedShaderOrIncludeChangesIt(MatrixPath path) {
    String fingerprint = VulkanTuning.kernelFingerprint(path);
    Map<String, Map<String, String>> real = closures(path);
    assertThat(real.get(path.shader())).as("includes of includes count").containsKeys("moe_common.glsl",
        "moe_planted_bugs.glsl");
    for (String shader : real.keySet()) {
      for (String file : real.get(shader).keySet()) {
        Map<String, Map<String, String>> edited = closures(path);
        edited.get(shader).merge(file, "// edited\n", String::concat);
        assertThat(VulkanTuning.fingerprint(edited)).as(shader + " with " + file + " edited").isNotEqualTo(fingerprint);
      }
    }
  }

  @Test
  void theOrderTheShadersAreGivenInDoesNotCount() {
    Map<String, Map<String, String>> sorted = closures(MatrixPath.PORTABLE);
    Map<String, Map<String, String>> reversed = new LinkedHashMap<>();
    new TreeMap<>(sorted).descendingMap().forEach(reversed::put);
    assertThat(VulkanTuning.fingerprint(reversed)).isEqualTo(VulkanTuning.fingerprint(sorted));
  }
}
