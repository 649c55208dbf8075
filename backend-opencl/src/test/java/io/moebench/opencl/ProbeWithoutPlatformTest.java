package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.spi.Availability;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendUnavailableException;
import io.moebench.testkit.Devices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
    ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), ProbeWithoutPlatformTest.class.getName()).redirectErrorStream(true);
    child.environment().put("OCL_ICD_VENDORS", emptyVendors.toString());
    Process p = child.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("available=false reason=no OpenCL platform: install an ICD, e.g. pocl-opencl-icd")
        .contains("open refused");
  }
}
