package io.moebench.opencl;

import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformInfo;

import java.nio.charset.StandardCharsets;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** Typed clGetDeviceInfo / clGetPlatformInfo queries, every status checked. */
final class ClInfo {
  private ClInfo() {}

  static String platformString(cl_platform_id platform, int param) {
    long[] size = new long[1];
    ClErrors.check(clGetPlatformInfo(platform, param, 0, null, size), "clGetPlatformInfo(size of " + param + ")");
    byte[] bytes = new byte[(int) size[0]];
    ClErrors.check(clGetPlatformInfo(platform, param, bytes.length, Pointer.to(bytes), null), "clGetPlatformInfo(" + param + ")");
    return text(bytes);
  }

  static String deviceString(cl_device_id device, int param) {
    long[] size = new long[1];
    ClErrors.check(clGetDeviceInfo(device, param, 0, null, size), "clGetDeviceInfo(size of " + param + ")");
    byte[] bytes = new byte[(int) size[0]];
    ClErrors.check(clGetDeviceInfo(device, param, bytes.length, Pointer.to(bytes), null), "clGetDeviceInfo(" + param + ")");
    return text(bytes);
  }

  /** A cl_ulong or cl_bitfield value. */
  static long deviceLong(cl_device_id device, int param) {
    long[] value = new long[1];
    ClErrors.check(clGetDeviceInfo(device, param, Sizeof.cl_ulong, Pointer.to(value), null), "clGetDeviceInfo(" + param + ")");
    return value[0];
  }

  /** A cl_uint value. */
  static int deviceInt(cl_device_id device, int param) {
    int[] value = new int[1];
    ClErrors.check(clGetDeviceInfo(device, param, Sizeof.cl_uint, Pointer.to(value), null), "clGetDeviceInfo(" + param + ")");
    return value[0];
  }

  /** A size_t value. */
  static long deviceSize(cl_device_id device, int param) {
    long[] value = new long[1];
    ClErrors.check(clGetDeviceInfo(device, param, Sizeof.size_t, Pointer.to(value), null), "clGetDeviceInfo(" + param + ")");
    return value[0];
  }

  private static String text(byte[] bytes) {
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8).trim();
  }
}
