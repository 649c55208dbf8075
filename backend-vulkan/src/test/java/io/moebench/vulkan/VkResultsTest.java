package io.moebench.vulkan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.spi.DeviceMemoryException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.lwjgl.vulkan.VK10;

class VkResultsTest {
  /** Constant names the registry gives VkResult values (success codes and every VK_ERROR_*). */
  private static final Pattern RESULT_NAME = Pattern.compile("VK_(ERROR_\\w+|SUCCESS|NOT_READY|TIMEOUT|EVENT_SET|EVENT_RESET"
      + "|INCOMPLETE|SUBOPTIMAL_KHR|THREAD_(IDLE|DONE)_KHR|OPERATION_(NOT_)?DEFERRED_KHR|PIPELINE_COMPILE_REQUIRED\\w*"
      + "|INCOMPATIBLE_SHADER_BINARY_EXT|PIPELINE_BINARY_MISSING_KHR)");

  @Test
  void namesEveryResultLwjglDefines() throws Exception {
    Map<String, Integer> lwjgl = resultConstants();
    assertThat(lwjgl).hasSizeGreaterThan(50);
    lwjgl.forEach((name, code) -> assertThat(VkResults.known(code)).as("%s (%d) in the table", name, code).isTrue());
    assertThat(VkResults.name(-9)).isEqualTo("VK_ERROR_INCOMPATIBLE_DRIVER");
    assertThat(VkResults.name(-1000069000)).isEqualTo("VK_ERROR_OUT_OF_POOL_MEMORY");
    assertThat(VkResults.name(-424242)).isEqualTo("VkResult(-424242)");
  }

  @Test
  void checkTurnsErrorsIntoExceptionsWithOperationCodeAndName() {
    assertThatCode(() -> VkResults.check(0, "vkCreateBuffer")).doesNotThrowAnyException();
    assertThatThrownBy(() -> VkResults.check(-4, "vkQueueSubmit (launch)"))
        .isInstanceOf(VulkanCallException.class)
        .hasMessage("vulkan: vkQueueSubmit (launch) failed: VK_ERROR_DEVICE_LOST (-4)")
        .satisfies(e -> {
          VulkanCallException v = (VulkanCallException) e;
          assertThat(v.operation()).isEqualTo("vkQueueSubmit (launch)");
          assertThat(v.code()).isEqualTo(-4);
          assertThat(v.codeName()).isEqualTo("VK_ERROR_DEVICE_LOST");
          assertThat(v.backend()).isEqualTo("vulkan");
        });
    assertThatThrownBy(() -> VkResults.check(2, "vkWaitForFences")).isInstanceOf(VulkanCallException.class)
        .hasMessageContaining("VK_TIMEOUT (2)");
    assertThatThrownBy(() -> VkResults.check(-2, "vkAllocateMemory")).isInstanceOf(DeviceMemoryException.class)
        .hasMessageContaining("VK_ERROR_OUT_OF_DEVICE_MEMORY (-2)");
  }

  /** Every static int of LWJGL's Vulkan classes named like a VkResult (read without loading libvulkan). */
  private static Map<String, Integer> resultConstants() throws Exception {
    URL jar = VK10.class.getProtectionDomain().getCodeSource().getLocation();
    Map<String, Integer> found = new TreeMap<>();
    try (ZipFile zip = new ZipFile(jar.toURI().getPath())) {
      for (var entry : Collections.list(zip.entries())) {
        String n = entry.getName();
        if (!n.startsWith("org/lwjgl/vulkan/") || !n.endsWith(".class") || n.contains("$")) {
          continue;
        }
        Class<?> c = Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, VkResultsTest.class.getClassLoader());
        for (Field f : c.getFields()) {
          if (f.getType() == int.class && Modifier.isStatic(f.getModifiers()) && RESULT_NAME.matcher(f.getName()).matches()) {
            found.put(f.getName(), f.getInt(null));
          }
        }
      }
    }
    return found;
  }
}
