package io.moebench.core.quant;

import io.moebench.core.InputException;
import java.util.Arrays;

/**
 * The int4 weights of E experts of an [N, K] shape, group-quantised along K.
 *
 * <p>Per expert: {@code qweight[e]} packed in {@link #layout()} (N*K/2 bytes), {@code scales[e]}
 * [N, K/G] raw 16-bit values of {@link #dtype()}, and optionally {@code zeros[e]} uint8 [N/2, K/G]
 * packed along N (low nibble = even n). A weight's value is (q - z) * scale with z = 8 when there
 * are no zero points.
 */
public final class QuantizedExperts {
  public static final int SYMMETRIC_ZERO = 8;

  private final WeightLayout layout;
  private final Dtype dtype;
  private final int experts;
  private final int n;
  private final int k;
  private final int groupSize;
  private final byte[][] qweight;
  private final short[][] scales;
  private final byte[][] zeros;

  public QuantizedExperts(WeightLayout layout, Dtype dtype, int n, int k, int groupSize, byte[][] qweight,
      short[][] scales, byte[][] zeros) {
    InputException.require(n > 0 && n % 2 == 0, "N must be a positive even number (got " + n + ")");
    InputException.require(groupSize > 0 && groupSize % 8 == 0, "group size must be a positive multiple of 8 (got " + groupSize + ")");
    InputException.require(k > 0 && k % groupSize == 0, "K must be a multiple of the group size " + groupSize + " (got " + k + ")");
    InputException.require(qweight.length > 0 && scales.length == qweight.length && (zeros == null || zeros.length == qweight.length),
        "qweight, scales and zeros must have one entry per expert");
    int groups = k / groupSize;
    for (int e = 0; e < qweight.length; e++) {
      InputException.require(qweight[e].length == n * (k / 2), "expert " + e + ": qweight has " + qweight[e].length
          + " bytes, expected N*K/2 = " + n * (k / 2));
      InputException.require(scales[e].length == n * groups, "expert " + e + ": scales has " + scales[e].length
          + " values, expected N*K/G = " + n * groups);
      InputException.require(zeros == null || zeros[e].length == n / 2 * groups, "expert " + e + ": zeros has "
          + (zeros == null ? 0 : zeros[e].length) + " bytes, expected N/2*K/G = " + n / 2 * groups);
    }
    this.layout = layout;
    this.dtype = dtype;
    this.experts = qweight.length;
    this.n = n;
    this.k = k;
    this.groupSize = groupSize;
    this.qweight = qweight;
    this.scales = scales;
    this.zeros = zeros;
  }

  public WeightLayout layout() {
    return layout;
  }

  public Dtype dtype() {
    return dtype;
  }

  public int experts() {
    return experts;
  }

  public int n() {
    return n;
  }

  public int k() {
    return k;
  }

  public int groupSize() {
    return groupSize;
  }

  public int groups() {
    return k / groupSize;
  }

  public boolean hasZeros() {
    return zeros != null;
  }

  /** Packed int4 bytes of expert e (shared, do not modify). */
  public byte[] qweight(int e) {
    return qweight[e];
  }

  /** Raw 16-bit scales [N, K/G] of expert e (shared, do not modify). */
  public short[] scales(int e) {
    return scales[e];
  }

  /** Packed zero points [N/2, K/G] of expert e, or null without zero points (shared, do not modify). */
  public byte[] zeros(int e) {
    return zeros == null ? null : zeros[e];
  }

  public int quant(int e, int row, int col) {
    return layout.get(qweight[e], row, col, k);
  }

  /** The int4 values of expert e, one per byte, [N][K] (for backends that re-pack weights at upload). */
  public byte[] unpacked(int e) {
    byte[] out = new byte[n * k];
    for (int row = 0; row < n; row++) {
      for (int col = 0; col < k; col++) {
        out[row * k + col] = (byte) quant(e, row, col);
      }
    }
    return out;
  }

  public float scale(int e, int row, int group) {
    return dtype.toFloat(scales[e][row * groups() + group]);
  }

  public int zero(int e, int row, int group) {
    if (zeros == null) {
      return SYMMETRIC_ZERO;
    }
    return (zeros[e][(row >> 1) * groups() + group] >>> ((row & 1) << 2)) & 0xf;
  }

  /** The dequantised weight (q - z) * scale of (expert, n, k); exact in float32. */
  public float weight(int e, int row, int col) {
    int g = col / groupSize;
    return (quant(e, row, col) - zero(e, row, g)) * scale(e, row, g);
  }

  /** Device-side footprint in bytes: weights + scales + zeros of all experts. */
  public long bytes() {
    long perExpert = (long) n * k / 2 + (long) n * groups() * 2 + (zeros == null ? 0 : (long) n / 2 * groups());
    return perExpert * experts;
  }

  /** Bytes one expert contributes: weights + scales (+ zeros), as the roofline counts them. */
  public long bytesPerExpert() {
    return bytes() / experts;
  }

  /** The same weights packed in another layout (scales and zeros shared). */
  public QuantizedExperts withLayout(WeightLayout target) {
    if (target == layout) {
      return this;
    }
    byte[][] q = new byte[experts][];
    for (int e = 0; e < experts; e++) {
      q[e] = layout.convert(qweight[e], target, n, k);
    }
    return new QuantizedExperts(target, dtype, n, k, groupSize, q, scales, zeros);
  }

  /** True when both hold the same dequantised weights, whatever their layouts. */
  public boolean sameWeights(QuantizedExperts o) {
    if (o.experts != experts || o.n != n || o.k != k || o.groupSize != groupSize || o.dtype != dtype
        || o.hasZeros() != hasZeros()) {
      return false;
    }
    QuantizedExperts a = withLayout(WeightLayout.GPTQ);
    QuantizedExperts b = o.withLayout(WeightLayout.GPTQ);
    for (int e = 0; e < experts; e++) {
      if (!Arrays.equals(a.qweight[e], b.qweight[e]) || !Arrays.equals(scales[e], o.scales[e])
          || (zeros != null && !Arrays.equals(zeros[e], o.zeros[e]))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "QuantizedExperts[E=" + experts + ", N=" + n + ", K=" + k + ", G=" + groupSize + ", " + layout + ", " + dtype
        + (zeros == null ? "" : ", zero points") + "]";
  }
}
