package io.moebench.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SplitMix64Test {

  @Test
  void seedZeroGivesThePublishedSplitMix64Stream() {
    // Vigna's splitmix64.c with x = 0 (also scripts/routing_reference.py --golden)
    SplitMix64 rng = new SplitMix64(0);
    assertThat(rng.nextLong()).isEqualTo(0xE220A8397B1DCDAFL);
    assertThat(rng.nextLong()).isEqualTo(0x6E789E6AA1B965F4L);
    assertThat(rng.nextLong()).isEqualTo(0x06C45D188009454FL);
    assertThat(rng.nextLong()).isEqualTo(0xF88BB8A8724C81ECL);
  }

  @Test
  void deriveMixesSeedPlusStreamTimesGamma() {
    assertThat(SplitMix64.derive(0, 1)).isEqualTo(0xE220A8397B1DCDAFL);
    assertThat(SplitMix64.derive(5, 2)).isEqualTo(SplitMix64.mix(5 + 2 * 0x9E3779B97F4A7C15L));
    assertThat(SplitMix64.derive(0, 1)).isNotEqualTo(SplitMix64.derive(0, 2)).isNotEqualTo(SplitMix64.derive(1, 1));
  }

  @Test
  void gumbelNoiseIsBitExactWithTheReference() {
    SplitMix64 rng = new SplitMix64(SplitMix64.derive(0, 1));
    long[] expected = {0x3FEB3AB6AFCF9B8EL, 0x3FF0929B822E7980L, 0x3FAACBCBCD7F1640L, 0x3FEBAFC86A2BB414L};
    for (long bits : expected) {
      assertThat(Double.doubleToRawLongBits(rng.nextGumbel())).isEqualTo(bits);
    }
  }

  @Test
  void openUnitStaysStrictlyInsideZeroOneAtTheExtremes() {
    // seeds whose first nextLong is all ones / zero: the largest and smallest possible draws
    double top = new SplitMix64(seedWhoseFirstLongIs(-1L)).nextOpenUnit();
    double bottom = new SplitMix64(seedWhoseFirstLongIs(0L)).nextOpenUnit();
    assertThat(top).isLessThan(1.0).isEqualTo(1 - 0x1.0p-53);
    assertThat(bottom).isGreaterThan(0.0).isEqualTo(0x1.0p-53);
    assertThat(new SplitMix64(seedWhoseFirstLongIs(-1L)).nextGumbel()).isFinite();
    assertThat(new SplitMix64(seedWhoseFirstLongIs(0L)).nextGumbel()).isFinite();
  }

  @Test
  void openUnitIsUniform() {
    SplitMix64 rng = new SplitMix64(42);
    int[] buckets = new int[16];
    int draws = 160_000;
    for (int i = 0; i < draws; i++) {
      double u = rng.nextOpenUnit();
      assertThat(u).isGreaterThan(0).isLessThan(1);
      buckets[(int) (u * 16)]++;
    }
    assertThat(chiSquare(buckets, draws)).isLessThan(37.7); // 15 degrees of freedom, p = 0.001
  }

  @Test
  void nextIntIsUniformBelowTheBound() {
    SplitMix64 rng = new SplitMix64(7);
    int bound = 13;
    int[] buckets = new int[bound];
    int draws = 130_000;
    for (int i = 0; i < draws; i++) {
      int v = rng.nextInt(bound);
      assertThat(v).isBetween(0, bound - 1);
      buckets[v]++;
    }
    assertThat(chiSquare(buckets, draws)).isLessThan(32.9); // 12 degrees of freedom, p = 0.001
    assertThat(new SplitMix64(seedWhoseFirstLongIs(-1L)).nextInt(bound)).isEqualTo(bound - 1);
  }

  private static double chiSquare(int[] buckets, int draws) {
    double expected = (double) draws / buckets.length;
    double chi = 0;
    for (int b : buckets) {
      chi += (b - expected) * (b - expected) / expected;
    }
    return chi;
  }

  /** Inverts mix (each step is a bijection of 64-bit words), so nextLong returns {@code value}. */
  private static long seedWhoseFirstLongIs(long value) {
    long z = unshift(value, 31);
    z = unshift(z * inverse(0x94D049BB133111EBL), 27);
    z = unshift(z * inverse(0xBF58476D1CE4E5B9L), 30);
    assertThat(SplitMix64.mix(z)).isEqualTo(value);
    return z - 0x9E3779B97F4A7C15L;
  }

  private static long unshift(long y, int shift) {
    long x = y;
    for (int i = 0; i < 64 / shift + 1; i++) {
      x = y ^ (x >>> shift);
    }
    return x;
  }

  /** Multiplicative inverse of an odd number modulo 2^64 (Newton's iteration doubles the good bits). */
  private static long inverse(long odd) {
    long x = odd;
    for (int i = 0; i < 6; i++) {
      x *= 2 - odd * x;
    }
    return x;
  }
}
