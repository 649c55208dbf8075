package io.moebench.opencl;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What NVIDIA's PTX assembler reports for a kernel in the build log when the program is built with
 * -cl-nv-verbose (cl_nv_compiler_options): registers per work-item and register spill stores, which
 * set the occupancy, and the stack frame (local memory): spills, and arrays the compiler could not keep in
 * registers, which are not counted as spills (a variant 8x slower at 0 spill stores on an H200, issue 6 session 19).
 * (NVIDIA's compiler, unlike clang with ptxas, gives moe_gemm_nvidia.cl up to 255 registers.)
 */
record PtxasReport(int registers, int stackFrameBytes, int spillStoreBytes) {
  static final String VERBOSE_OPTION = "-cl-nv-verbose";
  private static final Pattern REGISTERS = Pattern.compile("Used (\\d+) registers");
  private static final Pattern STACK = Pattern.compile("(\\d+) bytes stack frame");
  private static final Pattern SPILLS = Pattern.compile("(\\d+) bytes spill stores");

  /** The report in a build log (the last kernel's, when several are listed), if there is one. */
  static Optional<PtxasReport> parse(String buildLog) {
    Integer registers = last(REGISTERS.matcher(buildLog));
    if (registers == null) {
      return Optional.empty();
    }
    int stack = lastOrZero(STACK.matcher(buildLog));
    return Optional.of(new PtxasReport(registers, stack, lastOrZero(SPILLS.matcher(buildLog))));
  }

  private static int lastOrZero(Matcher m) {
    Integer value = last(m);
    return value == null ? 0 : value;
  }

  private static Integer last(Matcher m) {
    Integer value = null;
    while (m.find()) {
      value = Integer.valueOf(m.group(1));
    }
    return value;
  }

  /** For BoundGemm.configuration(). */
  String describe() {
    return "{registers " + registers + ", stack frame " + stackFrameBytes + " B, spill stores " + spillStoreBytes
        + " B}";
  }
}
