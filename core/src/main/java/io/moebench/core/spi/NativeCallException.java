package io.moebench.core.spi;

/**
 * A native API call (OpenCL, Vulkan, ...) returned an error: which call, the numeric code and its
 * symbolic name, so a report says "clEnqueueNDRangeKernel(moe_gemm): CL_INVALID_WORK_GROUP_SIZE (-54)".
 */
public class NativeCallException extends BackendException {
  private static final long serialVersionUID = 1L;
  private final String operation;
  private final int code;
  private final String codeName;

  public NativeCallException(String backend, String operation, int code, String codeName, String message) {
    super(backend, message);
    this.operation = operation;
    this.code = code;
    this.codeName = codeName;
  }

  /** The call that failed, e.g. "clEnqueueNDRangeKernel(moe_gemm)". */
  public String operation() {
    return operation;
  }

  /** The status code, e.g. -54. */
  public int code() {
    return code;
  }

  /** Its symbolic name, e.g. "CL_INVALID_WORK_GROUP_SIZE". */
  public String codeName() {
    return codeName;
  }
}
