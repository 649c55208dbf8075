package io.moebench.vulkan;

import io.moebench.core.spi.BackendException;

/** A Vulkan call returned an error: the operation, the numeric VkResult and its name. */
public final class VulkanCallException extends BackendException {
  private static final long serialVersionUID = 1L;
  private final String operation;
  private final int code;

  VulkanCallException(String operation, int code) {
    super(VulkanProvider.ID, operation + " failed: " + VkResults.name(code) + " (" + code + ")");
    this.operation = operation;
    this.code = code;
  }

  public String operation() {
    return operation;
  }

  public int code() {
    return code;
  }

  public String codeName() {
    return VkResults.name(code);
  }
}
