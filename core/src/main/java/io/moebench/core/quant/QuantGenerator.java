package io.moebench.core.quant;

import io.moebench.core.routing.SplitMix64;
import java.util.stream.IntStream;

/**
 * Seeded synthetic weights. Expert e draws from {@code SplitMix64(derive(derive(seed, 2), e))}:
 * first N*K/2 bytes of int4 pairs in GPTQ order (8 bytes per draw, little-endian), then one scale
 * per (n, group), then, with zero points, one byte per (n/2, group) whose nibbles are 4 + (draw & 7).
 * Experts are independent, so they are generated in parallel; the other layout is a repacking of
 * the same weights. Scales are (0.5 + u) / sqrt(7 K), rounded to the dtype, so outputs are O(1).
 */
public final class QuantGenerator {
  private QuantGenerator() {}

  public static QuantizedExperts generate(int experts, int n, int k, int groupSize, WeightLayout layout, Dtype dtype,
      long seed, boolean zeroPoints) {
    // validate the shape before allocating anything
    new QuantizedExperts(layout, dtype, n, k, groupSize, new byte[][] {new byte[n * (k / 2)]},
        new short[][] {new short[n * (k / groupSize)]}, zeroPoints ? new byte[][] {new byte[n / 2 * (k / groupSize)]} : null);
    long weightSeed = SplitMix64.derive(seed, 2);
    int groups = k / groupSize;
    byte[][] q = new byte[experts][];
    short[][] s = new short[experts][];
    byte[][] z = zeroPoints ? new byte[experts][] : null;
    double scaleBase = 1.0 / Math.sqrt(7.0 * k);
    IntStream.range(0, experts).parallel().forEach(e -> {
      SplitMix64 rng = new SplitMix64(SplitMix64.derive(weightSeed, e));
      byte[] packed = new byte[n * (k / 2)];
      for (int i = 0; i < packed.length; i += 8) {
        long bits = rng.nextLong();
        for (int b = 0; b < 8 && i + b < packed.length; b++) {
          packed[i + b] = (byte) (bits >>> (8 * b));
        }
      }
      short[] sc = new short[n * groups];
      for (int i = 0; i < sc.length; i++) {
        sc[i] = dtype.fromFloat((float) ((0.5 + rng.nextOpenUnit()) * scaleBase));
      }
      if (z != null) {
        byte[] zp = new byte[n / 2 * groups];
        for (int i = 0; i < zp.length; i++) {
          long bits = rng.nextLong();
          zp[i] = (byte) ((4 + (bits & 7)) | ((4 + ((bits >>> 3) & 7)) << 4));
        }
        z[e] = zp;
      }
      q[e] = layout == WeightLayout.GPTQ ? packed : WeightLayout.GPTQ.convert(packed, layout, n, k);
      s[e] = sc;
    });
    return new QuantizedExperts(layout, dtype, n, k, groupSize, q, s, z);
  }
}
