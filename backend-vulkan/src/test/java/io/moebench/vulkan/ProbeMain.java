package io.moebench.vulkan;

import io.moebench.core.spi.Availability;

/** Prints the provider's probe in a child JVM: "available=<bool>" then "reason=<text>". */
public final class ProbeMain {
  private ProbeMain() {}

  public static void main(String[] args) {
    Availability a = new VulkanProvider().probe();
    System.out.println("available=" + a.available());
    System.out.println("reason=" + a.reason());
  }
}
