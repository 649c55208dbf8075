package io.moebench.cpuref;

import io.moebench.core.spi.Availability;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendProvider;

/** The CPU reference oracle: pure Java, always available. */
public final class CpuRefProvider implements BackendProvider {
  public static final String ID = "cpu-ref";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "CPU reference oracle (Java, fp32 accumulation; option accumulate=fp64)";
  }

  @Override
  public int rank() {
    return 0;
  }

  @Override
  public Availability probe() {
    return Availability.available(CpuRefBackend.deviceName());
  }

  @Override
  public Backend open(BackendConfig config) {
    return new CpuRefBackend(config);
  }
}
