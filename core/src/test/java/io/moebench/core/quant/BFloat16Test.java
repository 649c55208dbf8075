package io.moebench.core.quant;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.routing.SplitMix64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BFloat16Test {
  private static SixteenBitReference reference;

  @BeforeAll
  static void buildReference() {
    reference = SixteenBitReference.bfloat16();
  }

  @Test
  void everyBitPatternRoundTrips() {
    for (int b = 0; b < 0x10000; b++) {
      short bits = (short) b;
      float f = BFloat16.toFloat(bits);
      assertThat(Float.floatToRawIntBits(f) >>> 16).as("0x%04x", b).isEqualTo(b); // toFloat is exact
      boolean nan = (b & 0x7f80) == 0x7f80 && (b & 0x7f) != 0;
      if (nan) {
        assertThat(BFloat16.toFloat(BFloat16.fromFloat(f))).as("0x%04x", b).isNaN();
      } else {
        assertThat(BFloat16.fromFloat(f)).as("0x%04x", b).isEqualTo(bits);
      }
    }
  }

  @Test
  void fromFloatRoundsToNearestEvenLikeTheReference() {
    SplitMix64 rng = new SplitMix64(17);
    for (int i = 0; i < 300_000; i++) {
      int bits = (int) rng.nextLong();
      // random floats, and floats within a few units of a rounding tie (low 16 bits near 0x8000)
      int nearTie = (bits & 0xffff0000) | (0x8000 + rng.nextInt(5) - 2);
      for (int b : new int[] {bits, nearTie}) {
        float f = Float.intBitsToFloat(b);
        if (!Float.isNaN(f)) {
          assertThat(BFloat16.fromFloat(f)).as("%s (0x%08x)", f, b).isEqualTo(reference.fromFloat(f));
        }
      }
    }
  }

  @Test
  void edgeCases() {
    check(0.0f, 0x0000);
    check(-0.0f, 0x8000);
    check(1.0f, 0x3f80);
    check(Float.intBitsToFloat(0x3f808000), 0x3f80); // tie, even stays
    check(Float.intBitsToFloat(0x3f818000), 0x3f82); // tie, odd rounds up
    check(Float.intBitsToFloat(0x3f808001), 0x3f81); // above the tie
    check(Float.MAX_VALUE, 0x7f80); // above the largest bf16 (0x7f7f) by more than half an ulp: infinity
    check(Float.intBitsToFloat(0x7f7f7fff), 0x7f7f);
    check(Float.intBitsToFloat(0x7f7f8000), 0x7f80); // the tie above the largest: even, infinity
    check(Float.NEGATIVE_INFINITY, 0xff80);
    check(Float.MIN_VALUE, 0x0000); // subnormals round like any other value
    check(Float.intBitsToFloat(0x00018000), 0x0002);
    check(-Float.intBitsToFloat(0x00008001), 0x8001);
  }

  @Test
  void nanStaysNanWhateverItsPayload() {
    for (int payload : new int[] {0x00400000, 0x00000001, 0x0000ffff, 0x007fffff}) {
      for (int sign : new int[] {0, 0x80000000}) {
        float nan = Float.intBitsToFloat(sign | 0x7f800000 | payload);
        assertThat(BFloat16.toFloat(BFloat16.fromFloat(nan))).as("0x%08x", sign | payload).isNaN();
      }
    }
  }

  private static void check(float f, int expected) {
    assertThat(BFloat16.fromFloat(f)).as("%s", f).isEqualTo((short) expected);
    assertThat(reference.fromFloat(f)).as("reference %s", f).isEqualTo((short) expected);
  }
}
