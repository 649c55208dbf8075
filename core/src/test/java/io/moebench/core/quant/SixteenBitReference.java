package io.moebench.core.quant;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A slow, obviously correct float -> 16-bit conversion: the exact value of every positive bit
 * pattern is known, so take the two neighbours of |x| and keep the nearer one, the even one on a
 * tie. The pattern after the largest finite one is infinity, taken as the next power of two.
 */
final class SixteenBitReference {
  private final int infinityBits;
  private final BigDecimal[] values; // exact value of bits 0..infinityBits (the last: the overflow threshold)

  private SixteenBitReference(int infinityBits, BigDecimal[] values) {
    this.infinityBits = infinityBits;
    this.values = values;
  }

  /** binary16: value = mant * 2^-24 for exponent 0, (1024 + mant) * 2^(exp - 25) otherwise. */
  static SixteenBitReference half() {
    BigDecimal[] v = new BigDecimal[0x7c01];
    for (int b = 0; b <= 0x7c00; b++) {
      int exp = b >>> 10;
      int mant = b & 0x3ff;
      v[b] = exp == 0 ? pow2(-24).multiply(BigDecimal.valueOf(mant))
          : pow2(exp - 25).multiply(BigDecimal.valueOf(1024 + mant)); // 0x7c00 gives 2^16
    }
    return new SixteenBitReference(0x7c00, v);
  }

  /** bfloat16: the float32 whose upper 16 bits these are. */
  static SixteenBitReference bfloat16() {
    BigDecimal[] v = new BigDecimal[0x7f81];
    for (int b = 0; b < 0x7f80; b++) {
      v[b] = new BigDecimal(Float.intBitsToFloat(b << 16));
    }
    v[0x7f80] = pow2(128);
    return new SixteenBitReference(0x7f80, v);
  }

  /** The exact value of a positive finite pattern. */
  BigDecimal valueOf(int bits) {
    return values[bits];
  }

  short fromFloat(float x) {
    int sign = Float.floatToRawIntBits(x) < 0 ? 0x8000 : 0;
    if (Float.isNaN(x)) {
      throw new IllegalArgumentException("NaN has no nearest value");
    }
    if (Float.isInfinite(x)) {
      return (short) (sign | infinityBits);
    }
    BigDecimal a = new BigDecimal(Math.abs((double) x));
    int lo = 0; // largest pattern with value <= a
    int hi = infinityBits;
    if (a.compareTo(values[hi]) >= 0) {
      return (short) (sign | infinityBits);
    }
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (values[mid].compareTo(a) <= 0) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    int cmp = a.subtract(values[lo]).compareTo(values[hi].subtract(a));
    int bits = cmp < 0 || (cmp == 0 && (lo & 1) == 0) ? lo : hi;
    return (short) (sign | bits);
  }

  private static BigDecimal pow2(int e) {
    BigDecimal p = new BigDecimal(BigInteger.ONE.shiftLeft(Math.abs(e)));
    return e >= 0 ? p : BigDecimal.ONE.divide(p); // exact: 2^-n has a finite decimal expansion
  }
}
