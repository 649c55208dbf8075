package io.moebench.opencl;

import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetPlatformIDs;

import io.moebench.core.InputException;
import io.moebench.core.spi.BackendUnavailableException;
import java.util.ArrayList;
import java.util.List;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** Platform and device enumeration, and the choice of one device. */
final class ClDevices {
  /** The device chosen, with its indices for messages. */
  record Choice(int platformIndex, int deviceIndex, cl_platform_id platform, cl_device_id device) {}

  static final String NO_PLATFORM = "no OpenCL platform: install an ICD, e.g. pocl-opencl-icd";

  private ClDevices() {}

  /** All platforms; none (or the ICD loader's CL_PLATFORM_NOT_FOUND_KHR) is BackendUnavailableException. */
  static List<cl_platform_id> platforms() {
    int[] count = new int[1];
    int status = clGetPlatformIDs(0, null, count);
    if (status == ClErrors.CL_PLATFORM_NOT_FOUND_KHR || (status == ClErrors.CL_SUCCESS && count[0] == 0)) {
      throw new BackendUnavailableException(OpenClProvider.ID, NO_PLATFORM);
    }
    ClErrors.check(status, "clGetPlatformIDs(count)");
    cl_platform_id[] ids = new cl_platform_id[count[0]];
    ClErrors.check(clGetPlatformIDs(ids.length, ids, null), "clGetPlatformIDs");
    return List.of(ids);
  }

  /** All devices of a platform (empty when it has none). */
  static List<cl_device_id> devices(cl_platform_id platform) {
    int[] count = new int[1];
    int status = clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, count);
    if (status == ClErrors.CL_DEVICE_NOT_FOUND) {
      return List.of();
    }
    ClErrors.check(status, "clGetDeviceIDs(count)");
    cl_device_id[] ids = new cl_device_id[count[0]];
    ClErrors.check(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null), "clGetDeviceIDs");
    return List.of(ids);
  }

  /**
   * The requested device, or by default the first GPU of any platform, else the first device. An
   * index without the other is taken within the default platform (the first with a GPU, else with a device).
   */
  static Choice choose(OpenClOptions options) {
    List<cl_platform_id> platforms = platforms();
    List<List<cl_device_id>> devices = new ArrayList<>();
    for (cl_platform_id p : platforms) {
      devices.add(devices(p));
    }
    int platform = options.platform() >= 0 ? options.platform() : defaultPlatform(devices);
    if (platform < 0) {
      throw new BackendUnavailableException(OpenClProvider.ID, "OpenCL platforms " + names(platforms)
          + " have no device: install a driver or ICD for your device, e.g. pocl-opencl-icd");
    }
    InputException.require(platform < platforms.size(), "opencl option platform=" + platform + ": allowed 0.."
        + (platforms.size() - 1) + " " + names(platforms));
    List<cl_device_id> inPlatform = devices.get(platform);
    InputException.require(!inPlatform.isEmpty(), "opencl option platform=" + platform + ": that platform has no device");
    int device = options.device() >= 0 ? options.device() : Math.max(0, firstGpu(inPlatform));
    InputException.require(device < inPlatform.size(), "opencl option device=" + device + ": platform " + platform
        + " has devices 0.." + (inPlatform.size() - 1));
    return new Choice(platform, device, platforms.get(platform), inPlatform.get(device));
  }

  private static int defaultPlatform(List<List<cl_device_id>> devices) {
    for (int p = 0; p < devices.size(); p++) {
      if (firstGpu(devices.get(p)) >= 0) {
        return p;
      }
    }
    for (int p = 0; p < devices.size(); p++) {
      if (!devices.get(p).isEmpty()) {
        return p;
      }
    }
    return -1;
  }

  private static int firstGpu(List<cl_device_id> devices) {
    for (int d = 0; d < devices.size(); d++) {
      if ((ClInfo.deviceLong(devices.get(d), CL_DEVICE_TYPE) & CL_DEVICE_TYPE_GPU) != 0) {
        return d;
      }
    }
    return -1;
  }

  private static List<String> names(List<cl_platform_id> platforms) {
    List<String> names = new ArrayList<>();
    for (cl_platform_id p : platforms) {
      names.add(ClInfo.platformString(p, CL_PLATFORM_NAME));
    }
    return names;
  }
}
