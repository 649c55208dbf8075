package io.moebench.vulkan;

import io.moebench.core.spi.Availability;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendException;
import io.moebench.core.spi.BackendProvider;
import io.moebench.core.spi.BackendUnavailableException;
import io.moebench.core.util.NativeScope;
import java.util.Optional;

/**
 * The Vulkan compute backend (LWJGL 3.4.1, shaderc): cooperative matrices where the device lists
 * them, a portable fp32 path elsewhere (lavapipe). Options: see {@link VulkanOptions}.
 */
public final class VulkanProvider implements BackendProvider {
  public static final String ID = "vulkan";
  static final String NO_LOADER = "no Vulkan loader: install libvulkan1";
  static final String NO_DRIVER = "no Vulkan driver: install mesa-vulkan-drivers (lavapipe) or a GPU driver";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "Vulkan compute via LWJGL: VK_KHR_cooperative_matrix or a portable fp32 path "
        + "(options path=auto|portable|coopmat|coopmat-emulated, device=N, subgroup=N, validation=off|on|auto, "
        + "flush-mb=MiB, plant-bug=ID, dedicated=auto|true|false, weight-align=BYTES, blocks=1|2|4, direct=auto|0|1)";
  }

  /** Above OpenCL (20): cooperative matrices reach the matrix units on both NVIDIA and RDNA3. */
  @Override
  public int rank() {
    return 30;
  }

  @Override
  public Availability probe() {
    try (NativeScope scope = new NativeScope("vulkan probe")) {
      PhysicalDeviceInfo device = VulkanInstance.create(scope, null).select(Optional.empty());
      return Availability.available(device.name + " (" + device.driver.strip() + ", "
          + PathPlan.choose(device, VulkanOptions.parse(BackendConfig.DEFAULT)).describe() + ")");
    } catch (BackendException e) {
      return Availability.unavailable(reason(e));
    } catch (LinkageError e) {
      return Availability.unavailable(NO_LOADER + " (" + rootMessage(e) + ")");
    } catch (RuntimeException e) {
      return Availability.unavailable("Vulkan probe failed: " + rootMessage(e));
    }
  }

  @Override
  public Backend open(BackendConfig config) {
    try {
      return new VulkanBackend(config);
    } catch (LinkageError e) {
      throw new BackendUnavailableException(ID, NO_LOADER + " (" + rootMessage(e) + ")", e);
    }
  }

  /** A backend exception's message without the "vulkan: " every BackendException starts with. */
  private static String reason(BackendException e) {
    String m = e.getMessage();
    return m.startsWith(ID + ": ") ? m.substring(ID.length() + 2) : m;
  }

  /** E.g. "Failed to locate library: libvulkan.so.1" out of an ExceptionInInitializerError. */
  static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
