package io.moebench.core.inputs;

import io.moebench.core.InputException;
import io.moebench.core.model.MoeShape;
import io.moebench.core.npy.NpyArray;
import io.moebench.core.npy.NpyWriter;
import io.moebench.core.quant.Activations;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.RoutingTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The input folder format (docs/INPUTS.md): topk_ids.npy, a.npy, qweight.npy, scales.npy, optional
 * zeros.npy and meta.json. Arrays are memory-mapped and copied once into the per-expert arrays;
 * whatever meta.json leaves out is inferred from the arrays where that is unambiguous. Every
 * refusal is one line naming the file.
 */
public final class InputFolder {
  public static final String TOPK_IDS = "topk_ids.npy";
  public static final String ACTIVATIONS = "a.npy";
  public static final String QWEIGHT = "qweight.npy";
  public static final String SCALES = "scales.npy";
  public static final String ZEROS = "zeros.npy";
  static final String REQUIRED = String.join(", ", TOPK_IDS, ACTIVATIONS, QWEIGHT, SCALES);

  private InputFolder() {}

  public static InputCase read(Path dir) {
    InputException.require(Files.isDirectory(dir), dir + ": not a folder; an input folder holds " + REQUIRED
        + " and optionally " + ZEROS + ", " + InputMeta.FILE + " (docs/INPUTS.md)");
    InputMeta meta = InputMeta.read(dir.resolve(InputMeta.FILE));
    NpyArray ids = array(dir, TOPK_IDS).requireDtype("i4", "i8").requireRank(2, "[T, top_k]");
    NpyArray q = array(dir, QWEIGHT).requireDtype("u1", "i4", "u4")
        .requireRank(3, "[E, N, K/2] (uint8, gptq) or [E, N, K/8] (int32, exllama)");
    NpyArray a = array(dir, ACTIVATIONS).requireDtype("f2", "u2").requireRank(2, "[T, K] (gemm1) or [T*top_k, K] (gemm2)");
    NpyArray s = array(dir, SCALES).requireDtype("f2", "u2").requireRank(3, "[E, N, K/G]");
    NpyArray z = Files.exists(dir.resolve(ZEROS)) ? array(dir, ZEROS).requireDtype("u1").requireRank(3, "[E, N/2, K/G]") : null;

    int tokens = dim(ids, 0);
    int topK = dim(ids, 1);
    InputException.require((long) tokens * topK < Integer.MAX_VALUE, TOPK_IDS + ": shape " + ids.shapeText() + " is too large");
    int experts = dim(q, 0);
    int n = dim(q, 1);
    InputException.require(n % 2 == 0, QWEIGHT + ": shape " + q.shapeText() + " has N = " + n + ", allowed: an even N");
    int rows = dim(a, 0);
    int k = dim(a, 1);
    WeightLayout layout = layout(q, k, meta);
    Dtype dtype = dtype(a, s, meta);
    int groupSize = groupSize(s, experts, n, k, meta);
    long[] zerosShape = {experts, n / 2, k / groupSize};
    InputException.require(z == null || Arrays.equals(z.shape(), zerosShape), ZEROS + ": shape " + (z == null ? "" : z.shapeText())
        + ", expected [E, N/2, K/G] = " + Arrays.toString(zerosShape));
    int gemm = gemm(meta, rows, tokens, topK, a);
    int blockM = meta.blockM() == null ? MoeShape.DEFAULT_BLOCK_M : meta.blockM();
    RoutingTable routing = routing(ids, tokens, topK, experts);
    QuantizedExperts weights = new QuantizedExperts(layout, dtype, n, k, groupSize, perExpertBytes(q, experts),
        perExpertShorts(s, experts, dtype), z == null ? null : perExpertBytes(z, experts));
    return new InputCase(gemm, routing, new Activations(dtype, rows, k, finiteShorts(a, dtype, 0, rows * k)), weights, blockM);
  }

  /** Writes the case in the folder format, meta.json with every field (a stale zeros.npy is removed). */
  public static void write(Path dir, InputCase c) {
    createFolder(dir);
    RoutingTable r = c.routing();
    QuantizedExperts w = c.weights();
    Dtype dtype = w.dtype();
    int experts = w.experts();
    NpyWriter.writeInt32(dir.resolve(TOPK_IDS), new long[] {r.tokens(), r.topK()}, r.ids());
    Activations a = c.activations();
    writeShorts(dir.resolve(ACTIVATIONS), dtype, new long[] {a.rows(), a.k()}, a.bits());
    ByteBuffer q = ByteBuffer.allocate(Math.toIntExact((long) experts * w.qweight(0).length));
    for (int e = 0; e < experts; e++) {
      q.put(w.qweight(e));
    }
    boolean gptq = w.layout() == WeightLayout.GPTQ;
    write(dir.resolve(QWEIGHT), gptq ? "|u1" : "<i4", new long[] {experts, w.n(), w.k() / (gptq ? 2 : 8)}, q.flip());
    ByteBuffer s = ByteBuffer.allocate(experts * w.scales(0).length * 2).order(ByteOrder.LITTLE_ENDIAN);
    ShortBuffer sv = s.asShortBuffer();
    for (int e = 0; e < experts; e++) {
      sv.put(w.scales(e));
    }
    write(dir.resolve(SCALES), descr(dtype), new long[] {experts, w.n(), w.groups()}, s);
    Path zeros = dir.resolve(ZEROS);
    if (w.hasZeros()) {
      ByteBuffer z = ByteBuffer.allocate(experts * w.zeros(0).length);
      for (int e = 0; e < experts; e++) {
        z.put(w.zeros(e));
      }
      write(zeros, "|u1", new long[] {experts, w.n() / 2, w.groups()}, z.flip());
    } else {
      delete(zeros);
    }
    InputMeta meta = new InputMeta(c.gemm(), w.layout(), dtype, w.groupSize(), c.blockM());
    try {
      Files.writeString(dir.resolve(InputMeta.FILE), meta.toJson());
    } catch (IOException e) {
      throw new InputException(dir.resolve(InputMeta.FILE) + ": cannot write: " + e.getMessage(), e);
    }
  }

  /** numpy's descr of a 16-bit float array: float16, or uint16 holding raw bf16 bits (numpy has no bf16). */
  private static String descr(Dtype dtype) {
    return dtype == Dtype.FP16 ? "<f2" : "<u2";
  }

  static void writeShorts(Path file, Dtype dtype, long[] shape, short[] values) {
    if (dtype == Dtype.FP16) {
      guard(file, () -> NpyWriter.writeFloat16(file, shape, values));
    } else {
      guard(file, () -> NpyWriter.writeUint16(file, shape, values));
    }
  }

  static void writeInts(Path file, long[] shape, int[] values) {
    guard(file, () -> NpyWriter.writeInt32(file, shape, values));
  }

  static void createFolder(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new InputException(dir + ": cannot create the folder: " + e.getMessage(), e);
    }
  }

  private static void write(Path file, String descr, long[] shape, ByteBuffer data) {
    guard(file, () -> NpyWriter.write(file, descr, shape, data));
  }

  /** A file that cannot be written is the user's folder problem (permissions, disk full): one line, exit 2. */
  private static void guard(Path file, Runnable write) {
    try {
      write.run();
    } catch (UncheckedIOException e) {
      throw new InputException(file + ": cannot write: " + e.getCause().getMessage(), e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new InputException(file + ": cannot remove the stale file: " + e.getMessage(), e);
    }
  }

  private static NpyArray array(Path dir, String name) {
    Path file = dir.resolve(name);
    InputException.require(Files.isRegularFile(file), name + ": missing from " + dir + "; an input folder holds " + REQUIRED
        + " (docs/INPUTS.md)");
    return NpyArray.read(file);
  }

  private static String name(NpyArray a) {
    return a.file().getFileName().toString();
  }

  private static int dim(NpyArray a, int axis) {
    long d = a.shape()[axis];
    InputException.require(d > 0 && d <= Integer.MAX_VALUE,
        name(a) + ": shape " + a.shapeText() + " has an empty or too large dimension");
    return (int) d;
  }

  private static Dtype dtype(NpyArray a) {
    return a.dtype().equals("f2") ? Dtype.FP16 : Dtype.BF16;
  }

  private static String describe(NpyArray a) {
    return a.dtype().equals("f2") ? "float16 (fp16)" : "uint16 (bf16 bits)";
  }

  /** uint8 is the gptq layout, int32 the exllama one; either way qweight's last dimension must match A's K. */
  private static WeightLayout layout(NpyArray q, int k, InputMeta meta) {
    WeightLayout layout = q.dtype().equals("u1") ? WeightLayout.GPTQ : WeightLayout.EXLLAMA;
    agree(meta.layout(), layout, "layout", QWEIGHT + " holds " + NpyArray.numpyName(q.dtype()) + ", the " + layout + " layout");
    int perElement = layout == WeightLayout.GPTQ ? 2 : 8;
    long holds = (long) dim(q, 2) * perElement;
    InputException.require(holds == k, QWEIGHT + ": shape " + q.shapeText() + " holds K = " + holds + " (" + layout + ": K/"
        + perElement + " per row), " + ACTIVATIONS + " has K = " + k);
    return layout;
  }

  /** float16 is fp16, uint16 bf16 bits; A and the scales must agree. */
  private static Dtype dtype(NpyArray a, NpyArray s, InputMeta meta) {
    Dtype dtype = dtype(a);
    InputException.require(dtype(s) == dtype, SCALES + ": " + describe(s) + ", " + ACTIVATIONS + " " + describe(a)
        + ": both must hold the same dtype");
    agree(meta.dtype(), dtype, "dtype", ACTIVATIONS + " holds " + describe(a));
    return dtype;
  }

  /** G = K / scales.shape[2], for scales [E, N, K/G] of qweight's E and N. */
  private static int groupSize(NpyArray s, int experts, int n, int k, InputMeta meta) {
    InputException.require(s.shape()[0] == experts && s.shape()[1] == n, SCALES + ": shape " + s.shapeText()
        + ", expected [" + experts + ", " + n + ", K/G] (E and N of " + QWEIGHT + ")");
    int groups = dim(s, 2);
    InputException.require(k % groups == 0 && (k / groups) % 8 == 0, SCALES + ": shape " + s.shapeText() + " has "
        + groups + " groups along K = " + k + ", allowed: K/G groups with G a multiple of 8, e.g. " + MoeShape.GROUP_SIZES);
    int groupSize = k / groups;
    agree(meta.groupSize(), groupSize, "group_size", SCALES + " " + s.shapeText() + " means G = K/" + groups + " = " + groupSize);
    return groupSize;
  }

  /** Refuses a meta.json value that contradicts what the arrays say. */
  private static <T> void agree(T declared, T actual, String key, String evidence) {
    InputException.require(declared == null || declared.equals(actual),
        InputMeta.FILE + ": \"" + key + "\" is " + declared + ", but " + evidence);
  }

  /** gemm from meta.json, else from A's rows: T rows is gemm1, T*top_k rows gemm2 (ambiguous when top_k = 1). */
  private static int gemm(InputMeta meta, int rows, int tokens, int topK, NpyArray a) {
    String origin = "(" + TOPK_IDS + " is [" + tokens + ", " + topK + "])";
    if (meta.gemm() != null) {
      long expected = meta.gemm() == 1 ? tokens : (long) tokens * topK;
      InputException.require(rows == expected, ACTIVATIONS + ": shape " + a.shapeText() + " has " + rows + " rows, gemm "
          + meta.gemm() + " (" + InputMeta.FILE + ") needs " + (meta.gemm() == 1 ? "T = " : "T*top_k = ") + expected + " " + origin);
      return meta.gemm();
    }
    InputException.require(topK > 1 || rows != tokens, ACTIVATIONS + ": " + rows + " rows fit both gemm 1 and gemm 2 when top_k = 1; "
        + "set \"gemm\" in " + InputMeta.FILE);
    if (rows == tokens) {
      return 1;
    }
    InputException.require(rows == (long) tokens * topK, ACTIVATIONS + ": shape " + a.shapeText() + " has " + rows
        + " rows, expected T = " + tokens + " (gemm1) or T*top_k = " + (long) tokens * topK + " (gemm2) " + origin);
    return 2;
  }

  private static RoutingTable routing(NpyArray a, int tokens, int topK, int experts) {
    InputException.require(topK <= experts, TOPK_IDS + ": top_k = " + topK + " exceeds the " + experts + " experts of " + QWEIGHT);
    int[] ids = new int[tokens * topK];
    ByteBuffer d = a.data();
    boolean wide = a.dtype().equals("i8");
    for (int i = 0; i < ids.length; i++) {
      long v = wide ? d.getLong(i * 8) : d.getInt(i * 4); // NpyArray keeps arrays below 2 GiB
      InputException.require(v >= 0 && v < experts, TOPK_IDS + ": token " + i / topK + " has expert id " + v + ", allowed 0.."
          + (experts - 1) + " (" + QWEIGHT + " holds E = " + experts + " experts)");
      ids[i] = (int) v;
    }
    return new RoutingTable(tokens, topK, experts, ids, TOPK_IDS);
  }

  /** The array's bytes split into E equal per-expert arrays: the one copy out of the mapped file. */
  private static byte[][] perExpertBytes(NpyArray a, int experts) {
    int per = a.data().capacity() / experts;
    byte[][] out = new byte[experts][per];
    for (int e = 0; e < experts; e++) {
      a.data().get(e * per, out[e]);
    }
    return out;
  }

  private static short[][] perExpertShorts(NpyArray a, int experts, Dtype dtype) {
    int per = Math.toIntExact(a.elements() / experts);
    short[][] out = new short[experts][];
    for (int e = 0; e < experts; e++) {
      out[e] = finiteShorts(a, dtype, e * per, per);
    }
    return out;
  }

  /**
   * {@code count} 16-bit values from element {@code first} on, refusing NaN and infinity: they would
   * only surface later as a failed verification.
   */
  private static short[] finiteShorts(NpyArray a, Dtype dtype, int first, int count) {
    short[] v = new short[count];
    a.data().asShortBuffer().get(first, v);
    for (int i = 0; i < count; i++) {
      float f = dtype.toFloat(v[i]);
      if (!Float.isFinite(f)) {
        throw new InputException(name(a) + ": element " + index(a.shape(), first + i) + " is " + f + "; inputs must be finite "
            + dtype + " values");
      }
    }
    return v;
  }

  /** The multi-index of a flat C-order position, e.g. [3, 17]. */
  private static String index(long[] shape, long flat) {
    long[] at = new long[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      at[d] = flat % shape[d];
      flat /= shape[d];
    }
    return Arrays.toString(at);
  }
}
