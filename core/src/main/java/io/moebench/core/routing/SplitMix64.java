package io.moebench.core.routing;

/**
 * The project's one random source: SplitMix64 (Steele, Lea and Flood, 2014), chosen because it is
 * fully specified by a few integer operations, so the same seed gives the same stream on every
 * machine, JDK and language (java.util.Random's successors are not specified across JDKs).
 *
 * <p>Streams for different purposes are separated with {@link #derive(long, long)}: routing uses
 * stream 1, weights 2, activations 3, the expert-id shuffle 4.
 */
public final class SplitMix64 {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  public SplitMix64(long seed) {
    this.state = seed;
  }

  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /** Uniform double strictly inside (0, 1): the top 53 bits plus one half, times 2^-53. */
  public double nextOpenUnit() {
    return ((nextLong() >>> 11) + 0.5) * 0x1.0p-53;
  }

  /** Uniform int in [0, bound) by multiply-shift of the top 32 bits (bias below 2^-32 * bound). */
  public int nextInt(int bound) {
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /** Gumbel(0, 1) noise: -log(-log(u)); StrictMath keeps the result bit-identical everywhere. */
  public double nextGumbel() {
    return -StrictMath.log(-StrictMath.log(nextOpenUnit()));
  }

  /** The seed of an independent stream: mix(seed + stream * gamma). */
  public static long derive(long seed, long stream) {
    return mix(seed + stream * GOLDEN_GAMMA);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
