package io.moebench.core.npy;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Writes little-endian C-order .npy files (format 1.0), the way numpy.save does. */
public final class NpyWriter {
  private NpyWriter() {}

  /**
   * @param descr numpy's dtype with its byte-order mark, e.g. "<i4", "|u1"
   * @param littleEndianData exactly the array's bytes (from position to limit)
   */
  public static void write(Path file, String descr, long[] shape, ByteBuffer littleEndianData) {
    long elements = Arrays.stream(shape).reduce(1, Math::multiplyExact);
    long bytes = elements * NpyArray.itemSize(descr.substring(1));
    if (littleEndianData.remaining() != bytes) { // a mismatch would write a file no reader accepts
      throw new IllegalArgumentException("cannot write " + file + ": shape " + Arrays.toString(shape) + " of " + descr
          + " needs " + bytes + " bytes, got " + littleEndianData.remaining());
    }
    String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
    String shapeText = shape.length == 1 ? "(" + dims + ",)" : "(" + dims + ")";
    StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }");
    // numpy pads the header with spaces so that the data starts on a 64-byte boundary
    while ((10 + header.length() + 1) % 64 != 0) {
      header.append(' ');
    }
    header.append('\n');
    byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length, (byte) (h.length >>> 8)});
      out.write(h);
      ByteBuffer d = littleEndianData.duplicate();
      byte[] chunk = new byte[1 << 16];
      while (d.hasRemaining()) {
        int n = Math.min(chunk.length, d.remaining());
        d.get(chunk, 0, n);
        out.write(chunk, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public static void writeInt32(Path file, long[] shape, int[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    write(file, "<i4", shape, b);
  }

  public static void writeUint16(Path file, long[] shape, short[] values) {
    write(file, "<u2", shape, shorts(values));
  }

  public static void writeFloat16(Path file, long[] shape, short[] values) {
    write(file, "<f2", shape, shorts(values));
  }

  private static ByteBuffer shorts(short[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.asShortBuffer().put(values);
    return b;
  }
}
