package io.moebench.core.quant;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.routing.SplitMix64;
import java.math.BigDecimal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HalfTest {
  private static SixteenBitReference reference;

  @BeforeAll
  static void buildReference() {
    reference = SixteenBitReference.half();
  }

  @Test
  void everyBitPatternRoundTrips() {
    for (int b = 0; b < 0x10000; b++) {
      short bits = (short) b;
      float f = Half.toFloat(bits);
      boolean nan = (b & 0x7c00) == 0x7c00 && (b & 0x3ff) != 0;
      if (nan) {
        assertThat(f).as("0x%04x", b).isNaN();
        assertThat(Half.toFloat(Half.fromFloat(f))).as("0x%04x", b).isNaN();
      } else {
        assertThat(Half.fromFloat(f)).as("0x%04x", b).isEqualTo(bits);
      }
    }
  }

  @Test
  void toFloatGivesTheExactValue() {
    for (int b = 0; b < 0x7c00; b++) {
      assertThat(new BigDecimal(Half.toFloat((short) b))).as("0x%04x", b)
          .isEqualByComparingTo(reference.valueOf(b));
      assertThat(Half.toFloat((short) (b | 0x8000))).isEqualTo(-Half.toFloat((short) b));
    }
    assertThat(Half.toFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(Half.toFloat((short) 0xfc00)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(Float.floatToRawIntBits(Half.toFloat((short) 0x8000))).isEqualTo(0x80000000); // -0
  }

  @Test
  void fromFloatRoundsToNearestEvenLikeTheReference() {
    SplitMix64 rng = new SplitMix64(16);
    for (int i = 0; i < 300_000; i++) {
      float any = Float.intBitsToFloat((int) rng.nextLong());
      // and as many in the range that matters: 2^-26 .. 2^17
      float near = Float.intBitsToFloat((int) (rng.nextLong() & 0x807fffffL) | (101 + rng.nextInt(43)) << 23);
      for (float f : new float[] {any, near}) {
        if (!Float.isNaN(f)) {
          assertThat(Half.fromFloat(f)).as("%s (0x%08x)", f, Float.floatToRawIntBits(f)).isEqualTo(reference.fromFloat(f));
        }
      }
    }
  }

  @Test
  void edgeCases() {
    check(0.0f, 0x0000);
    check(-0.0f, 0x8000);
    check(1.0f, 0x3c00);
    check(65504f, 0x7bff); // the largest half
    check(65519.996f, 0x7bff);
    check(65520f, 0x7c00); // the tie above the largest half rounds to even: infinity
    check(-65520f, 0xfc00);
    check(1e9f, 0x7c00);
    check(Float.MAX_VALUE, 0x7c00);
    check(Float.POSITIVE_INFINITY, 0x7c00);
    check(Float.NEGATIVE_INFINITY, 0xfc00);
    check(0x1p-24f, 0x0001); // the smallest subnormal
    check(0x1p-25f, 0x0000); // its half: a tie, to even zero
    check(-0x1p-25f, 0x8000);
    check(Math.nextUp(0x1p-25f), 0x0001);
    check(0x1.8p-24f, 0x0002); // 1.5 ulp: tie to even 2
    check(0x1.4p-23f, 0x0002); // 2.5 ulp: tie to even 2
    check(0x1p-14f, 0x0400); // the smallest normal
    check(Math.nextDown(0x1p-14f), 0x0400); // rounds up into the normal range
    check(0x1.ff8p-15f, 0x03ff); // the largest subnormal, 1023 ulps
    check(0x1.ffcp-15f, 0x0400); // 1023.5 ulps: tie to even 1024
    check(Float.MIN_VALUE, 0x0000);
    check(1 + 0x1p-11f, 0x3c00); // tie to even: down
    check(1 + 0x3p-11f, 0x3c02); // tie to even: up
    check(1 + 0x1p-11f + 0x1p-23f, 0x3c01); // just above the tie
    check(2047.5f, 0x6800); // tie between 2047 and 2048: to even 2048
    check(2049f, 0x6800); // tie between 2048 and 2050: to even 2048
    check(2051f, 0x6802); // tie between 2050 and 2052: to even 2052
  }

  @Test
  void nanStaysNan() {
    assertThat(Half.toFloat(Half.fromFloat(Float.NaN))).isNaN();
    assertThat(Half.toFloat(Half.fromFloat(Float.intBitsToFloat(0x7f800001)))).isNaN(); // payload only in low bits
    assertThat(Half.toFloat(Half.fromFloat(Float.intBitsToFloat(0xffc00000)))).isNaN();
  }

  private static void check(float f, int expected) {
    assertThat(Half.fromFloat(f)).as("%s", f).isEqualTo((short) expected);
    assertThat(reference.fromFloat(f)).as("reference %s", f).isEqualTo((short) expected);
  }
}
