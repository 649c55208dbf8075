package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.spi.Availability;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendUnavailableException;
import io.moebench.testkit.ChildJvm;
import io.moebench.testkit.Devices;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe and open() on a machine without an ICD: a child JVM whose ICD loader (ocl-icd) reads
 * its vendor list from an empty folder (OCL_ICD_VENDORS) sees no platform.
 */
class ProbeWithoutPlatformTest {
  @TempDir
  Path emptyVendors;

  /** Run in the child JVM: prints the probe's verdict, then what open() throws. */
  public static void main(String[] args) {
    OpenClProvider provider = new OpenClProvider();
    Availability a = provider.probe();
    System.out.println("available=" + a.available() + " reason=" + a.reason());
    assertThatThrownBy(() -> provider.open(BackendConfig.DEFAULT)).isInstanceOf(BackendUnavailableException.class)
        .hasMessage("opencl: " + ClDevices.NO_PLATFORM);
    System.out.println("open refused");
  }

  @Test
  void theProbeNamesThePackageToInstall() throws Exception {
    Devices.requireAvailable(new OpenClProvider()); // the OpenCL library itself must be there
    ChildJvm.Result r = ChildJvm.run(ProbeWithoutPlatformTest.class, Map.of("OCL_ICD_VENDORS", emptyVendors.toString()),
        List.of(), List.of(), 60);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("available=false reason=no OpenCL platform: install an ICD, e.g. pocl-opencl-icd")
        .contains("open refused");
  }
}
