package io.moebench.opencl;

import io.moebench.core.spi.NativeCallException;

/** An OpenCL call returned an error status. */
public final class ClCallException extends NativeCallException {
  private static final long serialVersionUID = 1L;

  ClCallException(String operation, int code) {
    super(OpenClProvider.ID, operation, code, ClErrors.name(code), ClErrors.describe(operation, code));
  }
}
