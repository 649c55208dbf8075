package io.moebench.core.spi;

import io.moebench.core.model.GemmProblem;

/** A problem bound to prepared weights on a device, ready to launch repeatedly. */
public interface BoundGemm extends AutoCloseable {

  GemmProblem problem();

  /** Runs the GEMM once and waits for it; returns its duration. */
  LaunchTiming launch();

  /** C [T*top_k, N] in routed-row order as raw 16-bit values of the problem's dtype. */
  short[] output();

  /** The matrix path and tile configuration this launch uses, recorded with every result. */
  String configuration();

  @Override
  void close();
}
