package io.moebench.core.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.InputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NpyArrayTest {
  @TempDir
  Path dir;

  /** Files numpy 2.4 wrote (np.save, and np.lib.format.write_array with version=(2,0) and (3,0)). */
  private static final String NUMPY_V1_INT32_2X3 =
      "934e554d5059010076007b276465736372273a20273c6934272c2027666f727472616e5f6f72646572273a2046616c73"
      + "652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020"
      + "202020202020202020202020202020202020202020202020202020202020200afeffffffffffffff0000000001000000"
      + "0200000003000000";
  private static final String NUMPY_V2_INT64_3X2 =
      "934e554d50590200740000007b276465736372273a20273c6938272c2027666f727472616e5f6f72646572273a204661"
      + "6c73652c20277368617065273a2028332c2032292c207d20202020202020202020202020202020202020202020202020"
      + "202020202020202020202020202020202020202020202020202020202020200a01000000000000000200000000000000"
      + "0300000000000000040000000000000005000000000000000600000000000000";
  private static final String NUMPY_V3_FLOAT16_2 =
      "934e554d50590300740000007b276465736372273a20273c6632272c2027666f727472616e5f6f72646572273a204661"
      + "6c73652c20277368617065273a2028322c292c207d202020202020202020202020202020202020202020202020202020"
      + "202020202020202020202020202020202020202020202020202020202020200a003e00c0";

  private Path numpyFile(String name, String hex) {
    return NpyBytes.write(dir.resolve(name), HexFormat.of().parseHex(hex));
  }

  @Test
  void readsWhatNumpyWrites() {
    NpyArray a = NpyArray.read(numpyFile("a.npy", NUMPY_V1_INT32_2X3));
    assertThat(a.dtype()).isEqualTo("i4");
    assertThat(a.shape()).containsExactly(2, 3);
    assertThat(ints(a)).containsExactly(-2, -1, 0, 1, 2, 3);

    NpyArray b = NpyArray.read(numpyFile("b.npy", NUMPY_V2_INT64_3X2));
    assertThat(b.dtype()).isEqualTo("i8");
    assertThat(b.shape()).containsExactly(3, 2);
    assertThat(b.data().getLong(5 * 8)).isEqualTo(6);

    NpyArray c = NpyArray.read(numpyFile("c.npy", NUMPY_V3_FLOAT16_2));
    assertThat(c.dtype()).isEqualTo("f2");
    assertThat(c.shape()).containsExactly(2);
    assertThat(c.data().getShort(0)).isEqualTo((short) 0x3e00); // 1.5
    assertThat(c.data().getShort(2)).isEqualTo((short) 0xc000); // -2.0
  }

  @Test
  void int32RoundTripsInEveryRank() {
    int[] six = {7, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0, 42};
    for (long[] shape : new long[][] {{6}, {2, 3}, {3, 1, 2}, {1, 1, 1, 6}}) {
      Path f = dir.resolve("r" + shape.length + ".npy");
      NpyWriter.writeInt32(f, shape, six);
      NpyArray a = NpyArray.read(f);
      assertThat(a.dtype()).isEqualTo("i4");
      assertThat(a.shape()).isEqualTo(shape);
      assertThat(a.elements()).isEqualTo(6);
      assertThat(ints(a)).containsExactly(six);
    }
  }

  @Test
  void scalarsAndEmptyArraysRoundTrip() {
    NpyWriter.writeInt32(dir.resolve("s.npy"), new long[0], new int[] {5});
    NpyArray s = NpyArray.read(dir.resolve("s.npy"));
    assertThat(s.shape()).isEmpty();
    assertThat(ints(s)).containsExactly(5);

    NpyWriter.writeInt32(dir.resolve("e.npy"), new long[] {0, 8}, new int[0]);
    NpyArray e = NpyArray.read(dir.resolve("e.npy"));
    assertThat(e.shape()).containsExactly(0, 8);
    assertThat(e.data().remaining()).isZero();
  }

  @ParameterizedTest
  @CsvSource({"<u2, u2", "<f2, f2", "<i8, i8", "<f4, f4", "<f8, f8", "|u1, u1", "|i1, i1", "|b1, b1", "<u4, u4"})
  void everyDtypeRoundTripsItsBytes(String descr, String dtype) {
    int item = dtype.charAt(1) - '0';
    byte[] bytes = new byte[3 * 2 * item];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 37 + 1);
    }
    Path f = dir.resolve("d.npy");
    NpyWriter.write(f, descr, new long[] {3, 2}, ByteBuffer.wrap(bytes));
    NpyArray a = NpyArray.read(f);
    assertThat(a.dtype()).isEqualTo(dtype);
    assertThat(a.itemSize()).isEqualTo(item);
    byte[] back = new byte[a.data().remaining()];
    a.data().duplicate().get(back);
    assertThat(back).isEqualTo(bytes);
  }

  @Test
  void sixteenBitHelpersWriteLittleEndian() {
    short[] values = {0x3c00, (short) 0xc000, 0x0001, (short) 0xffff};
    NpyWriter.writeFloat16(dir.resolve("h.npy"), new long[] {4}, values);
    NpyWriter.writeUint16(dir.resolve("u.npy"), new long[] {2, 2}, values);
    for (String name : new String[] {"h.npy", "u.npy"}) {
      NpyArray a = NpyArray.read(dir.resolve(name));
      short[] back = new short[4];
      a.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(back);
      assertThat(back).containsExactly(values);
    }
    assertThat(NpyArray.read(dir.resolve("h.npy")).dtype()).isEqualTo("f2");
    assertThat(NpyArray.read(dir.resolve("u.npy")).dtype()).isEqualTo("u2");
  }

  @Test
  void headerIsPaddedLikeNumpySoDataStartsOn64Bytes() throws IOException {
    for (long[] shape : new long[][] {{1}, {2, 3}, {123456789, 0}, {1, 2, 1, 3, 1, 1, 1, 1, 1, 1, 1, 2}}) {
      Path f = dir.resolve("p.npy");
      NpyWriter.write(f, "<i4", shape, ByteBuffer.allocate(4 * (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y)));
      byte[] b = Files.readAllBytes(f);
      assertThat(b).startsWith((byte) 0x93, (byte) 'N', (byte) 'U', (byte) 'M', (byte) 'P', (byte) 'Y', (byte) 1, (byte) 0);
      int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
      assertThat((10 + headerLen) % 64).isZero();
      String header = new String(b, 10, headerLen, StandardCharsets.ISO_8859_1);
      assertThat(header).startsWith("{'descr': '<i4', 'fortran_order': False, 'shape': (").endsWith("\n");
      assertThat(header.substring(header.indexOf('}') + 1, headerLen - 1)).matches(" *");
    }
    NpyWriter.writeInt32(dir.resolve("one.npy"), new long[] {3}, new int[3]);
    byte[] one = Files.readAllBytes(dir.resolve("one.npy"));
    assertThat(new String(one, 10, one.length - 10 - 12, StandardCharsets.ISO_8859_1))
        .startsWith("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }"); // a 1-tuple as Python writes it
  }

  @Test
  void writerRefusesDataThatDoesNotMatchTheShape() {
    assertThatThrownBy(() -> NpyWriter.writeInt32(dir.resolve("w.npy"), new long[] {2, 3}, new int[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shape [2, 3] of <i4 needs 24 bytes, got 20");
    assertThat(dir.resolve("w.npy")).doesNotExist();
  }

  @Test
  void refusesUnknownVersionsDtypesAndIncompleteHeaders() {
    Path v4 = NpyBytes.write(dir.resolve("v4.npy"), NpyBytes.file(4, NpyBytes.dict("<i4", false, "(1,)"), new byte[4]));
    assertThatThrownBy(() -> NpyArray.read(v4)).isInstanceOf(InputException.class)
        .hasMessage("v4.npy: unsupported .npy format version 4, allowed 1, 2, 3");
    Path c8 = NpyBytes.write(dir.resolve("c.npy"), NpyBytes.v1(NpyBytes.dict("<c8", false, "(1,)"), new byte[8]));
    assertThatThrownBy(() -> NpyArray.read(c8)).isInstanceOf(InputException.class)
        .hasMessageStartingWith("c.npy: unsupported dtype '<c8'; allowed: bool, int8, uint8,");
    Path obj = NpyBytes.write(dir.resolve("o.npy"), NpyBytes.v1(NpyBytes.dict("|O", false, "(1,)"), new byte[8]));
    assertThatThrownBy(() -> NpyArray.read(obj)).isInstanceOf(InputException.class)
        .hasMessageStartingWith("o.npy: unsupported dtype '|O'");
    Path noShape = NpyBytes.write(dir.resolve("n.npy"), NpyBytes.v1("{'descr': '<i4', 'fortran_order': False}", new byte[4]));
    assertThatThrownBy(() -> NpyArray.read(noShape)).isInstanceOf(InputException.class)
        .hasMessage("n.npy: .npy header has no 'shape'");
    Path badShape = NpyBytes.write(dir.resolve("b.npy"), NpyBytes.v1(NpyBytes.dict("<i4", false, "(2, x)"), new byte[8]));
    assertThatThrownBy(() -> NpyArray.read(badShape)).isInstanceOf(InputException.class)
        .hasMessage("b.npy: bad shape (2, x)");
    Path missing = dir.resolve("missing.npy");
    assertThatThrownBy(() -> NpyArray.read(missing)).isInstanceOf(InputException.class)
        .hasMessage(missing + ": no such file");
  }

  private static int[] ints(NpyArray a) {
    int[] v = new int[(int) a.elements()];
    a.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
    return v;
  }
}
