package io.moebench.core.quant;

/** bfloat16 conversions: the upper half of a float32, rounded to nearest even. */
public final class BFloat16 {
  private BFloat16() {}

  public static float toFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  public static short fromFloat(float value) {
    int bits = Float.floatToRawIntBits(value);
    if ((bits & 0x7fffffff) > 0x7f800000) { // NaN: keep it a quiet NaN
      return (short) ((bits >>> 16) | 0x40);
    }
    return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
  }
}
