package io.moebench.opencl;

import io.moebench.core.spi.BackendException;

/** An OpenCL call returned an error status. */
public final class ClCallException extends BackendException {
  private static final long serialVersionUID = 1L;
  private final String operation;
  private final int code;

  ClCallException(String operation, int code) {
    super(OpenClProvider.ID, ClErrors.describe(operation, code));
    this.operation = operation;
    this.code = code;
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
    return ClErrors.name(code);
  }
}
