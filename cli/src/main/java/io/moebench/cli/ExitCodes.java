package io.moebench.cli;

import io.moebench.core.InputException;
import io.moebench.core.spi.BackendException;
import io.moebench.core.spi.BackendUnavailableException;
import io.moebench.core.spi.KernelBuildException;
import io.moebench.core.spi.UnsupportedProblemException;
import picocli.CommandLine;

/**
 * The documented exit codes: 0 ok, 1 a result failed verification (or a backend failed while
 * others completed), 2 usage or bad input (a shape, dtype or layout the chosen backend does not
 * support included), 3 backend unavailable, 4 kernel build failed, 5 other backend failure,
 * 70 internal error (a bug: please report it with --verbose output).
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int VERIFICATION_FAILED = 1;
  public static final int BAD_INPUT = 2;
  public static final int BACKEND_UNAVAILABLE = 3;
  public static final int KERNEL_BUILD_FAILED = 4;
  public static final int BACKEND_FAILED = 5;
  public static final int INTERNAL_ERROR = 70;

  private ExitCodes() {}

  public static int of(Throwable e) {
    if (e instanceof InputException || e instanceof CommandLine.ParameterException
        || e instanceof UnsupportedProblemException) {
      return BAD_INPUT;
    }
    if (e instanceof BackendUnavailableException) {
      return BACKEND_UNAVAILABLE;
    }
    if (e instanceof KernelBuildException) {
      return KERNEL_BUILD_FAILED;
    }
    if (e instanceof BackendException) {
      return BACKEND_FAILED;
    }
    return INTERNAL_ERROR;
  }
}
