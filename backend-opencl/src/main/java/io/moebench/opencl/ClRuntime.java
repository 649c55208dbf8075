package io.moebench.opencl;

import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_PROFILING_COMMAND_END;
import static org.jocl.CL.CL_PROFILING_COMMAND_START;
import static org.jocl.CL.CL_QUEUE_PROFILING_ENABLE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueue;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clEnqueueCopyBuffer;
import static org.jocl.CL.clEnqueueFillBuffer;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clGetEventProfilingInfo;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;
import static org.jocl.CL.clReleaseEvent;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clSetKernelArg;
import static org.jocl.CL.clWaitForEvents;

import io.moebench.core.spi.DeviceMemoryException;
import io.moebench.core.util.CacheDirs;
import io.moebench.core.util.NativeScope;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.ToIntFunction;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * One device's context and profiling queue, and the calls the backend makes on them, each status
 * checked. Every handle it creates is registered in the scope the caller names.
 */
final class ClRuntime implements AutoCloseable {
  /** One enqueued kernel: what to run and how wide. */
  record Launch(cl_kernel kernel, long[] global, long[] local) {}

  final ClDeviceFacts facts;
  final cl_device_id device;
  final cl_context context;
  final cl_command_queue queue;
  final NativeScope scope;
  final ProgramCache programs;

  private ClRuntime(ClDeviceFacts facts, cl_device_id device, cl_context context, cl_command_queue queue,
      NativeScope scope, Path binaryCache) {
    this.facts = facts;
    this.device = device;
    this.context = context;
    this.queue = queue;
    this.scope = scope;
    this.programs = new ProgramCache(context, device, facts.fingerprint(), binaryCache);
  }

  /** Opens the chosen device; binaries are cached under CacheDirs "opencl-binaries". */
  static ClRuntime open(OpenClOptions options) {
    return open(options, CacheDirs.of("opencl-binaries"));
  }

  static ClRuntime open(OpenClOptions options, Path binaryCache) {
    CL.setExceptionsEnabled(false); // every status is checked here, with the operation named
    ClDevices.Choice choice = ClDevices.choose(options);
    ClDeviceFacts facts = ClDeviceFacts.read(choice.platform(), choice.device());
    NativeScope scope = new NativeScope("opencl backend");
    try {
      int[] status = new int[1];
      cl_context context = clCreateContext(null, 1, new cl_device_id[] {choice.device()}, null, null, status);
      ClErrors.check(status[0], "clCreateContext(" + facts.name() + ")");
      scope.add("context", context, () -> ClErrors.check(clReleaseContext(context), "clReleaseContext"));
      @SuppressWarnings("deprecation") // clCreateCommandQueueWithProperties is missing on OpenCL 1.2 platforms
      cl_command_queue queue = clCreateCommandQueue(context, choice.device(), CL_QUEUE_PROFILING_ENABLE, status);
      ClErrors.check(status[0], "clCreateCommandQueue(profiling)");
      scope.add("queue", queue, () -> ClErrors.check(clReleaseCommandQueue(queue), "clReleaseCommandQueue"));
      return new ClRuntime(facts, choice.device(), context, queue, scope, binaryCache);
    } catch (RuntimeException e) {
      closeAfterFailure(scope, e);
      throw e;
    }
  }

  /** Closes a scope whose owner failed to finish construction, keeping the first failure. */
  static void closeAfterFailure(NativeScope scope, RuntimeException failure) {
    try {
      scope.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /** A device buffer owned by {@code owner}; over CL_DEVICE_MAX_MEM_ALLOC_SIZE is DeviceMemoryException. */
  cl_mem buffer(NativeScope owner, String what, long bytes) {
    if (bytes > facts.maxAllocation()) {
      throw new DeviceMemoryException(OpenClProvider.ID, what + " needs " + bytes
          + " bytes, over this device's CL_DEVICE_MAX_MEM_ALLOC_SIZE of " + facts.maxAllocation());
    }
    int[] status = new int[1];
    cl_mem mem = clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, status);
    ClErrors.checkAllocation(status[0], "clCreateBuffer(" + what + ", " + bytes + " bytes)");
    return owner.add(what, mem, () -> ClErrors.check(clReleaseMemObject(mem), "clReleaseMemObject(" + what + ")"));
  }

  /** Blocking write; drivers that allocate on first use report out-of-memory here. */
  void write(cl_mem mem, String what, long offset, long bytes, Pointer data) {
    ClErrors.checkAllocation(clEnqueueWriteBuffer(queue, mem, true, offset, bytes, data, 0, null, null),
        "clEnqueueWriteBuffer(" + what + ")");
  }

  void read(cl_mem mem, String what, long bytes, Pointer data) {
    ClErrors.check(clEnqueueReadBuffer(queue, mem, true, 0, bytes, data, 0, null, null), "clEnqueueReadBuffer(" + what + ")");
  }

  /** Fills the whole buffer with a repeated pattern and waits. */
  void fill(cl_mem mem, String what, Pointer pattern, int patternBytes, long bytes) {
    ClErrors.checkAllocation(clEnqueueFillBuffer(queue, mem, pattern, patternBytes, 0, bytes, 0, null, null),
        "clEnqueueFillBuffer(" + what + ")");
    ClErrors.check(clFinish(queue), "clFinish(" + what + ")");
  }

  /** The program and the log of its build from source (warnings, NVIDIA's assembler report). */
  ProgramCache.Built program(NativeScope owner, String name, String source, String options) {
    return programs.build(owner, name, source, options);
  }

  cl_kernel kernel(NativeScope owner, cl_program program, String name) {
    int[] status = new int[1];
    cl_kernel kernel = clCreateKernel(program, name, status);
    ClErrors.check(status[0], "clCreateKernel(" + name + ")");
    return owner.add("kernel " + name, kernel, () -> ClErrors.check(clReleaseKernel(kernel), "clReleaseKernel"));
  }

  static void setBuffer(cl_kernel kernel, int index, cl_mem mem) {
    // A null buffer passes NULL, which OpenCL allows for a global pointer the kernel does not read.
    ClErrors.check(clSetKernelArg(kernel, index, Sizeof.cl_mem, mem == null ? null : Pointer.to(mem)),
        "clSetKernelArg(" + index + ", buffer)");
  }

  static void setInt(cl_kernel kernel, int index, int value) {
    ClErrors.check(clSetKernelArg(kernel, index, Sizeof.cl_int, Pointer.to(new int[] {value})),
        "clSetKernelArg(" + index + ", int)");
  }

  /** Enqueues one kernel, waits for it, and returns its device time from the profiling event. */
  long run(Launch launch) {
    return timed("kernel", event -> clEnqueueNDRangeKernel(queue, launch.kernel(), launch.global().length, null,
        launch.global(), launch.local(), 0, null, event), "clEnqueueNDRangeKernel(global " + Arrays.toString(launch.global())
        + ", local " + Arrays.toString(launch.local()) + ")");
  }

  /** Copies bytes from src to dst on the device, waits, and returns the copy's device time. */
  long copy(cl_mem src, cl_mem dst, long bytes) {
    return timed("copy", event -> clEnqueueCopyBuffer(queue, src, dst, 0, 0, bytes, 0, null, event),
        "clEnqueueCopyBuffer(" + bytes + " bytes)");
  }

  private long timed(String what, ToIntFunction<cl_event> enqueue, String operation) {
    try (NativeScope events = new NativeScope("opencl " + what + " event")) {
      cl_event event = new cl_event();
      ClErrors.check(enqueue.applyAsInt(event), operation);
      events.add("event", event, () -> ClErrors.check(clReleaseEvent(event), "clReleaseEvent"));
      ClErrors.check(clWaitForEvents(1, new cl_event[] {event}), "clWaitForEvents(" + what + ")");
      return profile(event, CL_PROFILING_COMMAND_END) - profile(event, CL_PROFILING_COMMAND_START);
    }
  }

  private static long profile(cl_event event, int what) {
    long[] nanos = new long[1];
    ClErrors.check(clGetEventProfilingInfo(event, what, Sizeof.cl_ulong, Pointer.to(nanos), null), "clGetEventProfilingInfo");
    return nanos[0];
  }

  @Override
  public void close() {
    scope.close();
  }
}
