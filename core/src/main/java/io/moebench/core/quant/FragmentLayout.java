package io.moebench.core.quant;

import java.util.HashSet;
import java.util.Set;
import java.util.function.IntBinaryOperator;

/**
 * Where the elements of a matrix instruction's B operand ({@code rows} k x {@code columns} n) sit in
 * the lanes of a subgroup, and the int4 weight packing that lets each lane fetch its elements with
 * one 16-byte load per chunk of K. Shared by the backends that re-pack weights at upload: Vulkan's
 * coopmat direct loads (the layout a device reports, or {@link #rdna3Wmma()}) and OpenCL's
 * nvidia-mma kernel ({@link #mmaSyncM16n8k16()}).
 *
 * <p>Packed words of an expert: [N / columns tiles][K / {@link #chunkK()} chunks][load lane][4]. A
 * lane's 16 bytes hold the elements of {@code 32 / length} consecutive fragments of its chunk in
 * sequence (s = fragment * length + element); word s / 8 holds element s at nibble (s % 8) / 2 and
 * element s + 1 four nibbles higher, so a kernel gets each pair with one shift and one mask.
 * Lanes that hold the same elements as an earlier one (RDNA3's lanes 16-31 repeat lanes 0-15)
 * share its words: lane l loads those of lane l % {@link #loadLanes()}. Scales and zero points are
 * not packed here: Vulkan's coopmat kernel reads them as given (packing them per tile and group
 * measured 1-8 % slower on an H100), OpenCL's nvidia-mma path packs them per 8-column fragment.
 */
public final class FragmentLayout {
  /** int4 elements in the 16 bytes a lane loads per chunk. */
  public static final int ELEMENTS_PER_QUAD = 32;

  private final int lanes;
  private final int rows;
  private final int columns;
  private final int length;
  /** k and n (within the matrix) of lane l's element i, at l * length + i. */
  private final int[] row;
  private final int[] column;
  private final int runs;
  private final int loadLanes;
  private final String unusable;

  public FragmentLayout(int lanes, int rows, int columns, int length, int[] row, int[] column) {
    if (row.length != lanes * length || column.length != lanes * length) {
      throw new IllegalArgumentException(row.length + " rows and " + column.length + " columns for " + lanes
          + " lanes of " + length + " elements");
    }
    this.lanes = lanes;
    this.rows = rows;
    this.columns = columns;
    this.length = length;
    this.row = row.clone();
    this.column = column.clone();
    this.runs = columnRuns();
    this.unusable = check();
    this.loadLanes = distinctLanes();
  }

  /**
   * NVIDIA's mma.sync m16n8k16 B fragment (PTX ISA, "Matrix Fragments for mma.m16n8k16"): lane l
   * holds k 2t, 2t+1, 2t+8, 2t+9 (t = l % 4) of column l / 4, as registers b0 (elements 0, 1) and
   * b1 (elements 2, 3). Chunks of K 128, one 16-byte load per lane per 8-column fragment.
   */
  public static FragmentLayout mmaSyncM16n8k16() {
    return tabulated(16, 8, 4, (lane, i) -> 2 * (lane % 4) + i % 2 + 8 * (i / 2), (lane, i) -> lane / 4);
  }

  /**
   * RDNA3's wave32 WMMA 16x16x16 B operand (AMD RDNA3 ISA, "WMMA matrix layout"): lane l holds all
   * 16 k of column l % 16, so lanes 16-31 repeat lanes 0-15.
   */
  public static FragmentLayout rdna3Wmma() {
    return tabulated(16, 16, 16, (lane, i) -> i, (lane, i) -> lane % 16);
  }

  /** A 32-lane layout whose lane l holds element i at k {@code row(l, i)}, n {@code column(l, i)}. */
  private static FragmentLayout tabulated(int rows, int columns, int length, IntBinaryOperator row,
      IntBinaryOperator column) {
    int lanes = 32;
    int[] rowOf = new int[lanes * length];
    int[] columnOf = new int[lanes * length];
    for (int lane = 0; lane < lanes; lane++) {
      for (int i = 0; i < length; i++) {
        rowOf[lane * length + i] = row.applyAsInt(lane, i);
        columnOf[lane * length + i] = column.applyAsInt(lane, i);
      }
    }
    return new FragmentLayout(lanes, rows, columns, length, rowOf, columnOf);
  }

  /** The fewest lanes D (a divisor of lanes) such that every lane l holds the elements of lane l % D. */
  private int distinctLanes() {
    for (int d = 1; d < lanes; d++) {
      if (lanes % d == 0 && repeatsEvery(d)) {
        return d;
      }
    }
    return lanes;
  }

  private boolean repeatsEvery(int d) {
    for (int at = d * length; at < lanes * length; at++) {
      if (row[at] != row[at - d * length] || column[at] != column[at - d * length]) {
        return false;
      }
    }
    return true;
  }

  /** Runs of equal column among lane 0's elements; {@link #check()} requires every lane to have the same runs. */
  private int columnRuns() {
    int count = length == 0 ? 0 : 1;
    for (int i = 1; i < length; i++) {
      count += column[i] != column[i - 1] ? 1 : 0;
    }
    return count;
  }

  /**
   * Why direct loads cannot use this layout, or null: the kernel needs every element inside the
   * matrix and covered, and each lane's elements in {@link #runs} runs of even length (pairs share
   * a scale), each of one column.
   */
  private String check() {
    if (length < 2 || length % 2 != 0 || ELEMENTS_PER_QUAD % length != 0) {
      return length + " elements per invocation: direct loads need an even divisor of " + ELEMENTS_PER_QUAD;
    }
    Set<Integer> covered = new HashSet<>();
    for (int at = 0; at < lanes * length; at++) {
      if (row[at] < 0 || row[at] >= rows || column[at] < 0 || column[at] >= columns) {
        return "lane " + at / length + " element " + at % length + " lies outside the " + rows + "x" + columns + " matrix";
      }
      covered.add(row[at] * columns + column[at]);
    }
    if (covered.size() != rows * columns) {
      return "the lanes cover " + covered.size() + " of " + rows * columns + " elements";
    }
    if (length % runs != 0 || (length / runs) % 2 != 0) {
      return runs + " column runs in " + length + " elements: direct loads need runs of equal, even length";
    }
    int run = length / runs;
    for (int at = 0; at < lanes * length; at++) {
      if (column[at] != column[at - at % run]) {
        return "lane " + at / length + ": elements " + (at % length - at % run) + ".." + (at % length - at % run + run - 1)
            + " are not all in one column";
      }
    }
    return null;
  }

  /** Why the kernel's direct loads cannot use this layout, or null. */
  public String unusable() {
    return unusable;
  }

  public int length() {
    return length;
  }

  /** Runs of one column among an invocation's elements, of equal length. */
  public int runs() {
    return runs;
  }

  /** Lanes whose words are packed; the others load those of lane % loadLanes. */
  public int loadLanes() {
    return loadLanes;
  }

  /** K covered by one lane's 16-byte load: K and the kernel's K step must be multiples of it. */
  public int chunkK() {
    return ELEMENTS_PER_QUAD / length * rows;
  }

  /** Whether N x K weights pack: a usable layout, whole column tiles and whole K chunks. */
  public boolean packs(int n, int k) {
    return unusable == null && n % columns == 0 && k % chunkK() == 0;
  }

  /** Bytes of one expert's packed words: N * K / 2, more where lanes hold some elements twice without repeating a whole lane. */
  public long packedBytes(int n, int k) {
    return 16L * (n / columns) * (k / chunkK()) * loadLanes;
  }

  /** The packed int4 words of expert e (layout in the class comment), little-endian uint32. */
  public int[] pack(QuantizedExperts w, int e) {
    if (!packs(w.n(), w.k())) {
      throw new IllegalStateException("cannot pack " + w + " for " + this);
    }
    int n = w.n();
    int k = w.k();
    byte[] q = w.unpacked(e);
    int chunks = k / chunkK();
    int[] out = new int[(int) (packedBytes(n, k) / 4)];
    int at = 0;
    for (int tile = 0; tile < n / columns; tile++) {
      for (int chunk = 0; chunk < chunks; chunk++) {
        for (int lane = 0; lane < loadLanes; lane++) {
          for (int word = 0; word < 4; word++) {
            int bits = 0;
            for (int nibble = 0; nibble < 8; nibble++) {
              int s = 8 * word + 2 * (nibble % 4) + nibble / 4;
              int element = lane * length + s % length;
              int kAt = chunk * chunkK() + s / length * rows + row[element];
              int nAt = tile * columns + column[element];
              bits |= q[nAt * k + kAt] << (4 * nibble);
            }
            out[at++] = bits;
          }
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "B " + rows + "x" + columns + " over " + lanes + " lanes" + (loadLanes < lanes ? " (" + loadLanes + " distinct)" : "")
        + ": " + length + " elements each"
        + (unusable == null ? " in " + runs + " column run" + (runs == 1 ? "" : "s") : " (no direct loads: " + unusable + ")");
  }
}
