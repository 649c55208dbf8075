package io.moebench.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.cli.ExitCodes;
import io.moebench.cli.Main;
import io.moebench.testkit.ChildJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on a machine without GPU drivers, simulated in child JVMs (the loaders read their
 * environment once per process): the OpenCL ICD loader reads an empty vendor folder, the Vulkan
 * loader a driver manifest that does not exist. Both backends are listed unavailable with the
 * package that fixes it; `validate --backends all` validates what is there (cpu-ref) and exits 0;
 * naming an unavailable backend reports it with the reason, still validates the others, and exits 1.
 */
class MissingDriverTest {
  static final String NO_OPENCL = "no OpenCL platform: install an ICD, e.g. pocl-opencl-icd";
  static final String NO_VULKAN = "no Vulkan driver: install mesa-vulkan-drivers (lavapipe) or a GPU driver";

  @TempDir
  Path emptyVendors;

  @Test
  void backendsListsTheMissingDriversWithTheirFix() throws Exception {
    ChildJvm.Result r = cli("backends", "--format", "csv");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("cpu-ref,available").containsPattern("opencl,unavailable,.*" + NO_OPENCL)
        .containsPattern("vulkan,unavailable,.*" + NO_VULKAN.replace("(", "\\(").replace(")", "\\)"));
  }

  @Test
  void validateAllChecksWhatIsAvailable() throws Exception {
    ChildJvm.Result r = cli(tiny("validate", "--backends", "all"));
    assertThat(r.exitCode()).as(r.output()).isEqualTo(ExitCodes.OK);
    assertThat(r.output()).contains("validating cpu-ref against").containsPattern("cpu-ref +gemm2 +bf16 +exllama +PASS")
        .doesNotContain("opencl").doesNotContain("vulkan");
  }

  @Test
  void validateOfAMissingBackendByNameSaysWhyAndValidatesTheOthers() throws Exception {
    ChildJvm.Result r = cli(tiny("validate", "--backends", "cpu-ref,vulkan"));
    assertThat(r.exitCode()).as(r.output()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    assertThat(r.output()).containsPattern("cpu-ref +gemm2 +bf16 +exllama +PASS")
        .contains("moe-bench: validation failed: vulkan: not available: " + NO_VULKAN);
  }

  private ChildJvm.Result cli(String... args) throws Exception {
    String none = "/nonexistent/none_icd.json";
    return ChildJvm.run(Main.class, Map.of("OCL_ICD_VENDORS", emptyVendors.toString(), "VK_DRIVER_FILES", none,
        "VK_ICD_FILENAMES", none), List.of(), List.of(args), 120);
  }

  private static String[] tiny(String... command) {
    List<String> a = new ArrayList<>(List.of(command));
    a.addAll(List.of("--dtype", "bf16", "--layout", "exllama"));
    a.addAll(FaultIsolationTest.TINY);
    return a.toArray(String[]::new);
  }
}
