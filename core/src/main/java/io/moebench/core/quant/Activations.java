package io.moebench.core.quant;

import io.moebench.core.InputException;
import io.moebench.core.routing.SplitMix64;

/**
 * A 16-bit activation matrix [rows, K], raw bits of {@link #dtype()}, row-major.
 */
public record Activations(Dtype dtype, int rows, int k, short[] bits) {

  public Activations {
    InputException.require(rows > 0 && k > 0 && (long) rows * k == bits.length,
        "activations: " + bits.length + " values for [" + rows + ", " + k + "]");
  }

  public float get(int row, int col) {
    return dtype.toFloat(bits[row * k + col]);
  }

  /** Uniform values in [-1, 1) from {@code SplitMix64(derive(seed, 3))}, rounded to the dtype. */
  public static Activations random(Dtype dtype, int rows, int k, long seed) {
    SplitMix64 rng = new SplitMix64(SplitMix64.derive(seed, 3));
    short[] bits = new short[rows * k];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = dtype.fromFloat((float) (2 * rng.nextOpenUnit() - 1));
    }
    return new Activations(dtype, rows, k, bits);
  }
}
