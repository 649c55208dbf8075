package io.moebench.core.npy;

import io.moebench.core.InputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A .npy file (format versions 1-3), C order, memory-mapped: large arrays are read without copies.
 *
 * @param file the file, for messages
 * @param dtype numpy's descr without the byte-order mark, e.g. "i4", "u1", "f2"
 * @param shape the array's shape
 * @param data little-endian view of exactly the array's bytes
 */
public record NpyArray(Path file, String dtype, long[] shape, ByteBuffer data) {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** numpy itself writes headers of a few hundred bytes; anything larger is not a real .npy. */
  static final int MAX_HEADER = 64 * 1024;
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
  /** Supported dtype codes (numpy's descr without the byte-order mark); the digit is the item size. */
  private static final List<String> DTYPES = List.of("b1", "i1", "u1", "i2", "u2", "f2", "i4", "u4", "f4", "i8", "u8", "f8");
  private static final Map<String, String> NAMES = Map.ofEntries(Map.entry("b1", "bool"), Map.entry("i1", "int8"),
      Map.entry("u1", "uint8"), Map.entry("i2", "int16"), Map.entry("u2", "uint16"), Map.entry("f2", "float16"),
      Map.entry("i4", "int32"), Map.entry("u4", "uint32"), Map.entry("f4", "float32"), Map.entry("i8", "int64"),
      Map.entry("u8", "uint64"), Map.entry("f8", "float64"));

  public long elements() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  public int itemSize() {
    return itemSize(dtype);
  }

  public String shapeText() {
    return Arrays.toString(shape);
  }

  public static NpyArray read(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      String name = file.getFileName().toString();
      InputException.require(size > 0, name + ": empty file, not a .npy array");
      ByteBuffer head = readFully(ch, 0, (int) Math.min(size, 12)).order(ByteOrder.LITTLE_ENDIAN);
      if (!startsWithMagic(head)) {
        throw new InputException(name + ": not a .npy file (no \\x93NUMPY magic)");
      }
      InputException.require(head.limit() >= 8, name + ": truncated .npy header (the file has " + size + " bytes)");
      int major = head.get(6) & 0xff;
      InputException.require(major >= 1 && major <= 3, name + ": unsupported .npy format version " + major + ", allowed 1, 2, 3");
      int prefix = major == 1 ? 10 : 12;
      InputException.require(head.limit() >= prefix, name + ": truncated .npy header (the file has " + size + " bytes)");
      long headerLen = major == 1 ? head.getShort(8) & 0xffff : head.getInt(8) & 0xffffffffL;
      InputException.require(headerLen <= MAX_HEADER,
          name + ": .npy header of " + headerLen + " bytes, allowed at most " + MAX_HEADER);
      InputException.require(prefix + headerLen <= size, name + ": truncated .npy header (it needs " + (prefix + headerLen)
          + " bytes, the file has " + size + ")");
      ByteBuffer hb = readFully(ch, prefix, (int) headerLen);
      String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      String descr = group(DESCR, header, name, "descr");
      String fortran = group(FORTRAN, header, name, "fortran_order");
      InputException.require(fortran.equals("False"), name + ": Fortran-order array; allowed: C order (np.ascontiguousarray)");
      long[] shape = parseShape(group(SHAPE, header, name, "shape"), name);
      String dtype = normaliseDtype(descr, name);
      long elements = 1;
      for (long d : shape) {
        elements = Math.multiplyExact(elements, d);
      }
      long bytes = Math.multiplyExact(elements, itemSize(dtype));
      long offset = prefix + headerLen;
      long available = size - offset;
      InputException.require(available >= bytes, name + ": truncated: shape " + Arrays.toString(shape) + " of " + descr
          + " needs " + bytes + " data bytes, the file has " + available);
      InputException.require(bytes <= Integer.MAX_VALUE, name + ": arrays above 2 GiB are not supported (" + bytes + " bytes)");
      ByteBuffer data = bytes == 0 ? ByteBuffer.allocate(0) : ch.map(FileChannel.MapMode.READ_ONLY, offset, bytes);
      return new NpyArray(file, dtype, shape, data.order(ByteOrder.LITTLE_ENDIAN));
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file");
    } catch (IOException e) {
      throw new InputException(file + ": cannot read: " + e.getMessage());
    } catch (ArithmeticException e) {
      throw new InputException(file.getFileName() + ": shape too large");
    }
  }

  /** Reads exactly {@code length} bytes at {@code position} (the file is known to be long enough). */
  private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining() && ch.read(b, position + b.position()) >= 0) {
      // FileChannel may return fewer bytes than asked
    }
    return b.flip();
  }

  /** The magic, or as much of it as a file shorter than the magic holds (then the header is truncated). */
  private static boolean startsWithMagic(ByteBuffer b) {
    for (int i = 0; i < Math.min(MAGIC.length, b.limit()); i++) {
      if (b.get(i) != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static String group(Pattern p, String header, String name, String key) {
    Matcher m = p.matcher(header);
    InputException.require(m.find(), name + ": .npy header has no '" + key + "'");
    return m.group(1);
  }

  private static long[] parseShape(String text, String name) {
    String[] parts = text.split(",");
    return Arrays.stream(parts).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(s -> {
      try {
        long v = Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
        InputException.require(v >= 0, name + ": negative dimension in shape (" + text + ")");
        return v;
      } catch (NumberFormatException e) {
        throw new InputException(name + ": bad shape (" + text + ")");
      }
    }).toArray();
  }

  /** Drops the byte-order mark; refuses big-endian data. */
  private static String normaliseDtype(String descr, String name) {
    if (descr.length() < 2) {
      throw new InputException(name + ": unknown dtype '" + descr + "'");
    }
    char order = descr.charAt(0);
    String type = descr.substring(1);
    InputException.require(DTYPES.contains(type), name + ": unsupported dtype '" + descr + "'; allowed: "
        + DTYPES.stream().map(NpyArray::numpyName).collect(Collectors.joining(", ")));
    InputException.require(order != '>' || itemSize(type) == 1,
        name + ": big-endian dtype '" + descr + "'; allowed: little-endian (astype('<...'))");
    InputException.require(order == '<' || order == '|' || order == '=' || order == '>',
        name + ": unknown dtype '" + descr + "'");
    return type;
  }

  static int itemSize(String dtype) {
    if (!DTYPES.contains(dtype)) {
      throw new InputException("unsupported .npy dtype '" + dtype + "'");
    }
    return dtype.charAt(1) - '0';
  }

  /** Refuses the array unless its dtype is one of the allowed ones. */
  public NpyArray requireDtype(String... allowed) {
    for (String a : allowed) {
      if (a.equals(dtype)) {
        return this;
      }
    }
    throw new InputException(file.getFileName() + ": dtype " + numpyName(dtype) + ", allowed " + Arrays.stream(allowed)
        .map(NpyArray::numpyName).collect(Collectors.joining(" or ")));
  }

  /** Refuses the array unless its shape has the given rank. */
  public NpyArray requireRank(int rank, String meaning) {
    InputException.require(shape.length == rank,
        file.getFileName() + ": shape " + shapeText() + ", expected " + rank + " dimensions " + meaning);
    return this;
  }

  /** numpy's name of a dtype code, for messages. */
  public static String numpyName(String dtype) {
    return NAMES.getOrDefault(dtype, dtype);
  }
}
