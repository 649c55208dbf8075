package io.moebench.core.routing;

import static io.moebench.core.npy.NpyBytes.dict;
import static io.moebench.core.npy.NpyBytes.int32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.InputException;
import io.moebench.core.npy.NpyBytes;
import io.moebench.core.npy.NpyWriter;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {
  private static final int[] IDS = {2, 3, 4, 1, 2, 4, 1, 3, 4, 1, 2, 3};
  private static final String GOOD_DICT = dict("<i4", false, "(4, 3)");

  @TempDir
  Path dir;

  private Path npy(String name, byte[] bytes) {
    return NpyBytes.write(dir.resolve(name), bytes);
  }

  private Path csv(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Path file, int experts) {
    return assertThatThrownBy(() -> TraceReader.read(file, experts)).isInstanceOf(InputException.class);
  }

  @Test
  void readsInt32NpyWrittenByNpyWriter() {
    Path f = dir.resolve("layer3.npy");
    NpyWriter.writeInt32(f, new long[] {4, 3}, IDS);
    RoutingTable r = TraceReader.read(f, 5);
    assertThat(r.tokens()).isEqualTo(4);
    assertThat(r.topK()).isEqualTo(3);
    assertThat(r.experts()).isEqualTo(5);
    assertThat(r.ids()).containsExactly(IDS);
    assertThat(r.source()).isEqualTo("layer3.npy");
  }

  @Test
  void readsInt64Npy() {
    long[] wide = Arrays.stream(IDS).asLongStream().toArray();
    RoutingTable r = TraceReader.read(npy("t.NPY", NpyBytes.v1(dict("<i8", false, "(4, 3)"), NpyBytes.int64(wide))), 5);
    assertThat(r.ids()).containsExactly(IDS);
  }

  @Test
  void readsCsvWithCommentsBlankLinesAndSpaces() throws IOException {
    Path f = csv("trace.csv", "# layer 3 topk_ids\n2,3,4\n\n1, 2, 4\n  1 3 4  \n1,2,3\n");
    RoutingTable r = TraceReader.read(f, 5);
    assertThat(r.tokens()).isEqualTo(4);
    assertThat(r.ids()).containsExactly(IDS);
    assertThat(r.source()).isEqualTo("trace.csv");
  }

  @Test
  void readsCsvWithAByteOrderMark() throws IOException {
    RoutingTable r = TraceReader.read(csv("excel.csv", "\uFEFF2,3,4\r\n1,2,4\r\n1,3,4\r\n1,2,3\r\n"), 5);
    assertThat(r.ids()).containsExactly(IDS);
  }

  @Test
  void aTraceReadsLikeTheSyntheticRoutingItWasWrittenFrom() {
    RoutingTable zipf = RoutingGenerator.generate(Archetype.parse("zipf1"), 300, 256, 8, 1, true);
    Path f = dir.resolve("zipf.npy");
    NpyWriter.writeInt32(f, new long[] {300, 8}, zipf.ids());
    assertThat(TraceReader.read(f, 256).ids()).isEqualTo(zipf.ids());
  }

  @Test
  void refusesExpertIdsOutOfRange() throws IOException {
    int[] bad = IDS.clone();
    bad[7] = 5;
    assertRefused(npy("big.npy", NpyBytes.v1(GOOD_DICT, int32(ByteOrder.LITTLE_ENDIAN, bad))), 5)
        .hasMessage("big.npy: token 2 has expert id 5, allowed ids are 0..4 (set --experts)");
    bad[7] = -3;
    assertRefused(npy("neg.npy", NpyBytes.v1(GOOD_DICT, int32(ByteOrder.LITTLE_ENDIAN, bad))), 5)
        .hasMessage("neg.npy: token 2 has expert id -3, allowed ids are 0..4 (set --experts)");
    assertRefused(npy("wide.npy", NpyBytes.v1(dict("<i8", false, "(1, 2)"), NpyBytes.int64(0, 1L << 32))), 5)
        .hasMessage("wide.npy: token 0 has expert id 4294967296, allowed ids are 0..4 (set --experts)");
    assertRefused(csv("big.csv", "0,1\n1,9\n"), 5)
        .hasMessage("big.csv: line 2: expert id 9, allowed ids are 0..4 (set --experts)");
  }

  @Test
  void refusesAnExpertRepeatedWithinAToken() throws IOException {
    int[] bad = IDS.clone();
    bad[11] = 1;
    assertRefused(npy("dup.npy", NpyBytes.v1(GOOD_DICT, int32(ByteOrder.LITTLE_ENDIAN, bad))), 5)
        .hasMessage("routing of dup.npy: token 3 lists expert 1 twice; a token's experts must be distinct");
    assertRefused(csv("dup.csv", "0,1\n2,2\n"), 5)
        .hasMessage("routing of dup.csv: token 1 lists expert 2 twice; a token's experts must be distinct");
  }

  @Test
  void refusesOtherDtypes() {
    assertRefused(npy("f.npy", NpyBytes.v1(dict("<f4", false, "(4, 3)"), new byte[48])), 5)
        .hasMessage("f.npy: dtype float32, allowed int32 or int64");
    assertRefused(npy("u.npy", NpyBytes.v1(dict("|u1", false, "(4, 3)"), new byte[12])), 5)
        .hasMessage("u.npy: dtype uint8, allowed int32 or int64");
    assertRefused(npy("s.npy", NpyBytes.v1(dict("<i2", false, "(4, 3)"), new byte[24])), 5)
        .hasMessage("s.npy: dtype int16, allowed int32 or int64");
    assertRefused(npy("c.npy", NpyBytes.v1(dict("<U3", false, "(4, 3)"), new byte[144])), 5)
        .hasMessageStartingWith("c.npy: unsupported dtype '<U3'; allowed: ");
  }

  @Test
  void refusesWrongRank() {
    assertRefused(npy("flat.npy", NpyBytes.v1(dict("<i4", false, "(12,)"), int32(ByteOrder.LITTLE_ENDIAN, IDS))), 5)
        .hasMessage("flat.npy: shape [12], expected 2 dimensions [T, top_k]");
    assertRefused(npy("cube.npy", NpyBytes.v1(dict("<i4", false, "(2, 2, 3)"), int32(ByteOrder.LITTLE_ENDIAN, IDS))), 5)
        .hasMessage("cube.npy: shape [2, 2, 3], expected 2 dimensions [T, top_k]");
  }

  @Test
  void refusesBigEndianAndFortranOrder() {
    assertRefused(npy("be.npy", NpyBytes.v1(dict(">i4", false, "(4, 3)"), int32(ByteOrder.BIG_ENDIAN, IDS))), 5)
        .hasMessage("be.npy: big-endian dtype '>i4'; allowed: little-endian (astype('<...'))");
    assertRefused(npy("f.npy", NpyBytes.v1(dict("<i4", true, "(4, 3)"), int32(ByteOrder.LITTLE_ENDIAN, IDS))), 5)
        .hasMessage("f.npy: Fortran-order array; allowed: C order (np.ascontiguousarray)");
  }

  @Test
  void refusesTruncatedData() {
    byte[] data = Arrays.copyOf(int32(ByteOrder.LITTLE_ENDIAN, IDS), 46);
    assertRefused(npy("short.npy", NpyBytes.v1(GOOD_DICT, data)), 5)
        .hasMessage("short.npy: truncated: shape [4, 3] of <i4 needs 48 data bytes, the file has 46");
  }

  @Test
  void refusesTruncatedHeaders() {
    byte[] whole = NpyBytes.v1(GOOD_DICT, int32(ByteOrder.LITTLE_ENDIAN, IDS));
    assertRefused(npy("h.npy", Arrays.copyOf(whole, 40)), 5)
        .hasMessage("h.npy: truncated .npy header (it needs 128 bytes, the file has 40)");
    assertRefused(npy("h9.npy", Arrays.copyOf(whole, 9)), 5)
        .hasMessage("h9.npy: truncated .npy header (the file has 9 bytes)");
    assertRefused(npy("h4.npy", Arrays.copyOf(whole, 4)), 5)
        .hasMessage("h4.npy: truncated .npy header (the file has 4 bytes)");
    byte[] v2 = NpyBytes.file(2, GOOD_DICT, int32(ByteOrder.LITTLE_ENDIAN, IDS));
    assertRefused(npy("v2.npy", Arrays.copyOf(v2, 11)), 5)
        .hasMessage("v2.npy: truncated .npy header (the file has 11 bytes)");
  }

  @Test
  void refusesEmptyFilesAndEmptyTraces() throws IOException {
    assertRefused(npy("empty.npy", new byte[0]), 5).hasMessage("empty.npy: empty file, not a .npy array");
    assertRefused(npy("none.npy", NpyBytes.v1(dict("<i4", false, "(0, 8)"), new byte[0])), 5)
        .hasMessage("none.npy: empty trace, shape [0, 8]");
    assertRefused(csv("empty.csv", ""), 5).hasMessage("empty.csv: empty trace (no token lines)");
    assertRefused(csv("comments.csv", "# nothing\n\n"), 5).hasMessage("comments.csv: empty trace (no token lines)");
  }

  @Test
  void refusesAHugeHeader() {
    byte[] prefix = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0, 0, 0, 1}; // header length 2^24
    assertRefused(npy("huge.npy", NpyBytes.concat(prefix, new byte[100])), 5)
        .hasMessage("huge.npy: .npy header of 16777216 bytes, allowed at most 65536");
  }

  @Test
  void refusesFilesThatAreNotNpy() throws IOException {
    assertRefused(npy("text.npy", "2,3,4\n1,2,4\n".getBytes(StandardCharsets.US_ASCII)), 5)
        .hasMessage("text.npy: not a .npy file (no \\x93NUMPY magic)");
    assertRefused(csv("trace.txt", "2,3,4\n"), 5)
        .hasMessage("trace.txt: unknown trace format; allowed: .npy (int32/int64 [T, top_k]) or .csv");
    Path missing = dir.resolve("missing.npy");
    assertRefused(missing, 5).hasMessage(missing + ": no such file");
    Path missingCsv = dir.resolve("missing.csv");
    assertRefused(missingCsv, 5).hasMessage(missingCsv + ": no such file");
  }

  @Test
  void refusesMalformedCsv() throws IOException {
    assertRefused(NpyBytes.write(dir.resolve("binary.csv"), new byte[] {(byte) 0x93, 'N', (byte) 0xff, 0}), 5)
        .hasMessage("binary.csv: not a text file (invalid UTF-8); allowed: .csv text or .npy");
    assertRefused(csv("ragged.csv", "0,1,2\n3,4\n"), 5)
        .hasMessage("ragged.csv: line 2 has 2 ids, earlier lines have 3 (top_k must be the same for every token)");
    assertRefused(csv("word.csv", "0,1\n2,x\n"), 5)
        .hasMessage("word.csv: line 2: 'x' is not an expert id (whole numbers 0..4)");
    assertRefused(csv("float.csv", "0,1.0\n"), 5)
        .hasMessage("float.csv: line 1: '1.0' is not an expert id (whole numbers 0..4)");
    assertRefused(csv("wide.csv", "0,1,2,3,4,0\n"), 5)
        .hasMessage("wide.csv: top_k 6 exceeds the number of experts 5 (set --experts)");
  }
}
