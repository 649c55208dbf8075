package io.moebench.opencl;

import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_CACHE_SIZE;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_LOCAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_OPENCL_C_VERSION;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VENDOR;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_DRIVER_VERSION;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.CL_PLATFORM_VERSION;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * What the backend needs to know about its device, read once at open.
 *
 * @param computeCapability NVIDIA compute capability times 10 (90 for 9.0), 0 when not an NVIDIA device
 */
record ClDeviceFacts(String platformName, String platformVersion, String name, String vendor, String driver,
    String deviceVersion, String openclCVersion, boolean gpu, boolean cpu, int computeUnits, long globalMemory,
    long maxAllocation, long globalCacheBytes, long localMemory, long maxWorkGroupSize, Set<String> extensions,
    int computeCapability) {

  /** cl_nv_device_attribute_query: CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV / MINOR_NV. */
  private static final int CC_MAJOR_NV = 0x4000;
  private static final int CC_MINOR_NV = 0x4001;

  static ClDeviceFacts read(cl_platform_id platform, cl_device_id device) {
    Set<String> extensions = new TreeSet<>(Arrays.asList(ClInfo.deviceString(device, CL_DEVICE_EXTENSIONS).split("\\s+")));
    int cc = 0;
    if (extensions.contains("cl_nv_device_attribute_query")) {
      cc = ClInfo.deviceInt(device, CC_MAJOR_NV) * 10 + ClInfo.deviceInt(device, CC_MINOR_NV);
    }
    return new ClDeviceFacts(ClInfo.platformString(platform, CL_PLATFORM_NAME),
        ClInfo.platformString(platform, CL_PLATFORM_VERSION), ClInfo.deviceString(device, CL_DEVICE_NAME),
        ClInfo.deviceString(device, CL_DEVICE_VENDOR), ClInfo.deviceString(device, CL_DRIVER_VERSION),
        ClInfo.deviceString(device, CL_DEVICE_VERSION), ClInfo.deviceString(device, CL_DEVICE_OPENCL_C_VERSION),
        (ClInfo.deviceLong(device, CL_DEVICE_TYPE) & CL_DEVICE_TYPE_GPU) != 0,
        (ClInfo.deviceLong(device, CL_DEVICE_TYPE) & CL_DEVICE_TYPE_CPU) != 0,
        ClInfo.deviceInt(device, CL_DEVICE_MAX_COMPUTE_UNITS), ClInfo.deviceLong(device, CL_DEVICE_GLOBAL_MEM_SIZE),
        ClInfo.deviceLong(device, CL_DEVICE_MAX_MEM_ALLOC_SIZE), ClInfo.deviceLong(device, CL_DEVICE_GLOBAL_MEM_CACHE_SIZE),
        ClInfo.deviceLong(device, CL_DEVICE_LOCAL_MEM_SIZE), ClInfo.deviceSize(device, CL_DEVICE_MAX_WORK_GROUP_SIZE),
        Set.copyOf(extensions), cc);
  }

  /** Whether the compiler takes NVIDIA's -cl-nv-* build options (-cl-nv-verbose among them). */
  boolean nvidiaCompilerOptions() {
    return extensions.contains("cl_nv_compiler_options");
  }

  /** Identifies the compiler a program binary came from: the binary cache's key includes it. */
  String fingerprint() {
    return String.join("\n", platformName, platformVersion, name, vendor, driver, deviceVersion, openclCVersion);
  }

  /** "name (platform)" for probe() and reports. */
  String label() {
    return name + " (" + platformName + ")";
  }

  Map<String, String> extra() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("platform", platformName + " / " + platformVersion);
    m.put("deviceVersion", deviceVersion);
    m.put("openclC", openclCVersion);
    // CPU devices (PoCL) make sweep default to fewer points and launches
    m.put(io.moebench.core.spi.DeviceInfo.TYPE, gpu ? "gpu" : cpu ? "cpu" : "other");
    m.put("maxAllocationBytes", Long.toString(maxAllocation));
    m.put("localMemoryBytes", Long.toString(localMemory));
    m.put("maxWorkGroupSize", Long.toString(maxWorkGroupSize));
    m.put("cl_khr_fp16", Boolean.toString(extensions.contains("cl_khr_fp16")));
    if (computeCapability > 0) {
      m.put("computeCapability", computeCapability / 10 + "." + computeCapability % 10);
    }
    return m;
  }
}
