package io.moebench.testkit;

import io.moebench.core.spi.BackendProvider;
import io.moebench.cpuref.CpuRefProvider;

class CpuRefContractTest extends BackendContractTest {
  @Override
  protected BackendProvider provider() {
    return new CpuRefProvider();
  }
}
