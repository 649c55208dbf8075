package io.moebench.core.routing;

/**
 * The project's one random source: SplitMix64 (Steele, Lea and Flood, 2014), chosen because it is
 * fully specified by a few integer operations, so the same seed gives the same stream on every
 * machine, JDK and language (java.util.Random's successors are not specified across JDKs).
 *
 * <p>The algorithm, all arithmetic modulo 2^64, {@code >>>} a logical shift:
 * <ul>
 *   <li>{@code nextLong}: state += 0x9E3779B97F4A7C15; return mix(state), where mix(z) is
 *       z = (z ^ z>>>30) * 0xBF58476D1CE4E5B9; z = (z ^ z>>>27) * 0x94D049BB133111EB; z ^ z>>>31
 *       (seed 0 gives 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, ...);
 *   <li>{@code nextOpenUnit}: ((nextLong >>> 12) + 0.5) * 2^-52 in double arithmetic;
 *   <li>{@code nextInt(bound)}: ((nextLong >>> 32) * bound) >>> 32;
 *   <li>{@code nextGumbel}: -log(-log(nextOpenUnit)) with {@link StrictMath#log} (fdlibm's log);
 *   <li>{@code derive(seed, stream)}: mix(seed + stream * 0x9E3779B97F4A7C15), the seed of an
 *       independent stream: routing uses stream 1, weights 2, activations 3, the expert-id shuffle 4.
 * </ul>
 * scripts/routing_reference.py implements the same in Python; RoutingGoldenTest pins its output.
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

  /**
   * Uniform double strictly inside (0, 1): (the top 52 bits + 1/2) * 2^-52, every step exact, so
   * u is in [2^-53, 1 - 2^-53] (with 53 bits, x + 1/2 would round and u could reach 1.0).
   */
  public double nextOpenUnit() {
    return ((nextLong() >>> 12) + 0.5) * 0x1.0p-52;
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
