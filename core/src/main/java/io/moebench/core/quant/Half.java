package io.moebench.core.quant;

/** IEEE 754 binary16 conversions (Java 17 has no Float.floatToFloat16). Exact, round to nearest even. */
public final class Half {
  private Half() {}

  public static float toFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0) {
      float magnitude = mant * 0x1p-24f; // subnormal or zero: exact in float
      return sign == 0 ? magnitude : -magnitude;
    }
    if (exp == 31) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  public static short fromFloat(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int abs = bits & 0x7fffffff;
    if (abs >= 0x7f800000) { // infinity or NaN (NaN stays NaN: quiet bit set)
      return (short) (abs > 0x7f800000 ? sign | 0x7e00 | ((abs >>> 13) & 0x3ff) : sign | 0x7c00);
    }
    if (abs >= 0x477ff000) { // >= 65520 rounds to infinity
      return (short) (sign | 0x7c00);
    }
    if (abs < 0x38800000) { // below 2^-14: a subnormal half (or zero)
      int exp = abs >>> 23;
      if (exp < 102) { // below 2^-25: rounds to zero
        return (short) sign;
      }
      int mant = (abs & 0x7fffff) | 0x800000;
      return (short) (sign | roundShift(mant, 126 - exp));
    }
    return (short) (sign | roundShift(abs - (112 << 23), 13));
  }

  /** value >> shift, rounded to nearest even on the dropped bits. */
  private static int roundShift(int value, int shift) {
    int kept = value >>> shift;
    int rest = value & ((1 << shift) - 1);
    int half = 1 << (shift - 1);
    if (rest > half || (rest == half && (kept & 1) != 0)) {
      kept++;
    }
    return kept;
  }
}
