package io.moebench.opencl;

import io.moebench.core.spi.Availability;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendException;
import io.moebench.core.spi.BackendProvider;
import io.moebench.core.spi.BackendUnavailableException;
import org.jocl.CL;

/**
 * OpenCL through JOCL. Cheap to construct: JOCL's native library loads on the first call into
 * org.jocl.CL, which happens in probe() or open() only.
 */
public final class OpenClProvider implements BackendProvider {
  public static final String ID = "opencl";

  /** What a missing libOpenCL.so looks like to JOCL, and its fix. */
  static final String NO_LIBRARY = "the OpenCL library could not be loaded: JOCL opens the unversioned libOpenCL.so,"
      + " which ocl-icd-opencl-dev installs (plus an ICD such as pocl-opencl-icd)";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "OpenCL via JOCL: int4 dequantised in-kernel; matrix paths portable, nvidia-mma (PTX mma.sync), gfx11-wmma";
  }

  @Override
  public int rank() {
    return 20;
  }

  @Override
  public Availability probe() {
    try {
      CL.setExceptionsEnabled(false);
      ClDevices.Choice choice = ClDevices.choose(OpenClOptions.DEFAULT);
      return Availability.available(ClDeviceFacts.read(choice.platform(), choice.device()).label());
    } catch (LinkageError e) {
      return Availability.unavailable(NO_LIBRARY + " (" + e + ")");
    } catch (BackendException e) {
      return Availability.unavailable(e.getMessage().substring(e.backend().length() + 2)); // without "opencl: "
    } catch (RuntimeException e) {
      return Availability.unavailable("OpenCL probe failed: " + e);
    }
  }

  @Override
  public Backend open(BackendConfig config) {
    OpenClOptions options = OpenClOptions.parse(config);
    try {
      return new OpenClBackend(options);
    } catch (LinkageError e) {
      throw new BackendUnavailableException(ID, NO_LIBRARY, e);
    }
  }
}
