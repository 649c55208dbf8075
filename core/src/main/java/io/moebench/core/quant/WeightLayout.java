package io.moebench.core.quant;

import io.moebench.core.InputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How an expert's int4 weights [N, K] are packed (DOMAIN.md). Both layouts take N*K/2 bytes per
 * expert; they differ only in where the nibble of (n, k) lives.
 */
public enum WeightLayout {
  /** uint8 [N, K/2]: byte j holds k = 2j in bits 0-3 and k = 2j+1 in bits 4-7. */
  GPTQ("gptq") {
    @Override
    public long nibbleIndex(int n, int k, int kDim) {
      return (long) n * kDim + k;
    }
  },
  /**
   * int32 [N, K/8], little-endian: 8 consecutive k in nibble order [0,2,4,6,1,3,5,7], so k0 is in
   * bits 0-3, k2 in 4-7, k4, k6, then k1 in bits 16-19, k3, k5, k7.
   */
  EXLLAMA("exllama") {
    @Override
    public long nibbleIndex(int n, int k, int kDim) {
      int i = k & 7;
      return (long) n * kDim + (k & ~7) + ((i & 1) << 2) + (i >> 1);
    }
  };

  private final String id;

  WeightLayout(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** Position of the nibble of (n, k) in the expert's byte array: byte = p / 2, bits (p % 2) * 4. */
  public abstract long nibbleIndex(int n, int k, int kDim);

  /** The int4 value (0..15) of (n, k) in one expert's packed bytes. */
  public int get(byte[] packed, int n, int k, int kDim) {
    long p = nibbleIndex(n, k, kDim);
    return (packed[(int) (p >>> 1)] >>> ((p & 1) << 2)) & 0xf;
  }

  public void set(byte[] packed, int n, int k, int kDim, int value) {
    long p = nibbleIndex(n, k, kDim);
    int i = (int) (p >>> 1);
    int shift = (int) ((p & 1) << 2);
    packed[i] = (byte) ((packed[i] & ~(0xf << shift)) | ((value & 0xf) << shift));
  }

  /** Repacks one expert's bytes from this layout into another. */
  public byte[] convert(byte[] packed, WeightLayout to, int nDim, int kDim) {
    if (to == this) {
      return packed.clone();
    }
    byte[] out = new byte[packed.length];
    for (int n = 0; n < nDim; n++) {
      for (int k = 0; k < kDim; k++) {
        to.set(out, n, k, kDim, get(packed, n, k, kDim));
      }
    }
    return out;
  }

  public static WeightLayout parse(String text) {
    for (WeightLayout l : values()) {
      if (l.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    throw new InputException("unknown layout '" + text + "': allowed values are " + allowed());
  }

  public static String allowed() {
    return Arrays.stream(values()).map(WeightLayout::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id;
  }
}
