package io.moebench.vulkan;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.testkit.ChildJvm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * probe() on machines without a loader or without a driver, simulated in child JVMs: it must not
 * throw, and must name the package that fixes it. Needs no device.
 */
class VulkanProbeTest {

  @Test
  void missingLoaderSaysInstallLibvulkan() throws Exception {
    ChildJvm.Result r = ChildJvm.run(ProbeMain.class, Map.of(),
        List.of("-Dorg.lwjgl.vulkan.libname=/nonexistent/libvulkan.so.1"), List.of(), 60);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("available=false")
        .contains("reason=no Vulkan loader: install libvulkan1");
  }

  @Test
  void missingDriverSaysInstallMesaOrAGpuDriver() throws Exception {
    // the loader finds no ICD: vkCreateInstance returns VK_ERROR_INCOMPATIBLE_DRIVER (-9)
    String none = "/nonexistent/none_icd.json";
    ChildJvm.Result r = ChildJvm.run(ProbeMain.class, Map.of("VK_DRIVER_FILES", none, "VK_ICD_FILENAMES", none),
        List.of(), List.of(), 60);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("available=false")
        .contains("reason=no Vulkan driver: install mesa-vulkan-drivers (lavapipe) or a GPU driver");
  }
}
