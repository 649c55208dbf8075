package io.moebench.vulkan;

import io.moebench.core.spi.NativeCallException;

/** A Vulkan call returned an error: the operation, the numeric VkResult and its name. */
public final class VulkanCallException extends NativeCallException {
  private static final long serialVersionUID = 1L;

  VulkanCallException(String operation, int code) {
    super(VulkanProvider.ID, operation, code, VkResults.name(code),
        operation + " failed: " + VkResults.name(code) + " (" + code + ")");
  }
}
