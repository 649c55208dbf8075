package io.moebench.testkit.broken;

import io.moebench.core.spi.Availability;

/** Breaks the contract that probe() never throws. */
public final class ThrowingProbeProvider extends BrokenProvider {
  @Override
  public String id() {
    return "broken-probe";
  }

  @Override
  public Availability probe() {
    throw new IllegalStateException("probe exploded");
  }
}
