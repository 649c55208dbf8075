package io.moebench.cli.byo;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.cli.CliRun;
import io.moebench.core.inputs.InputCase;
import io.moebench.core.npy.NpyWriter;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.routing.RoutingTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of wrong input folder is refused by `run`: exit 2, one line on stderr, naming the file. */
class BadFolderTest {
  private static final int E = TinyFolder.E;
  private static final int T = TinyFolder.T;
  private static final int TOP_K = TinyFolder.TOP_K;
  private static final int K = TinyFolder.K;
  private static final int N = TinyFolder.N;
  private static final int G = TinyFolder.G;

  @TempDir static Path work;
  private static Path base;
  private static RoutingTable routing;
  private static QuantizedExperts weights;

  /** A valid folder (exllama, bf16, zero points, meta.json) that each case breaks in one way. */
  @BeforeAll
  static void writeBase() {
    base = work.resolve("base");
    InputCase c = TinyFolder.write(base);
    routing = c.routing();
    weights = c.weights();
  }

  /** Breaks a copy of the base folder. */
  interface Breakage {
    void apply(Path dir) throws IOException;
  }

  static Stream<Arguments> folders() {
    return Stream.of(
        bad("missing topk_ids", "topk_ids.npy", d -> Files.delete(d.resolve("topk_ids.npy"))),
        bad("missing a", "a.npy", d -> Files.delete(d.resolve("a.npy"))),
        bad("missing qweight", "qweight.npy", d -> Files.delete(d.resolve("qweight.npy"))),
        bad("missing scales", "scales.npy", d -> Files.delete(d.resolve("scales.npy"))),
        bad("truncated qweight", "qweight.npy", d -> truncate(d.resolve("qweight.npy"), 16)),
        bad("a is not a .npy file", "a.npy", d -> Files.writeString(d.resolve("a.npy"), "not numpy")),
        bad("a is float32", "a.npy", d -> NpyWriter.write(d.resolve("a.npy"), "<f4", new long[] {T, K},
            ByteBuffer.allocate(T * K * 4))),
        bad("a has the wrong K", "a.npy", d -> NpyWriter.writeUint16(d.resolve("a.npy"), new long[] {T, K + 8},
            new short[T * (K + 8)])),
        bad("a has neither T nor T*top_k rows", "a.npy", d -> NpyWriter.writeUint16(d.resolve("a.npy"), new long[] {T + 1, K},
            new short[(T + 1) * K])),
        bad("a holds infinity", "a.npy", d -> {
          short[] a = new short[T * K];
          a[K + 3] = (short) 0x7f80; // bf16 +inf
          NpyWriter.writeUint16(d.resolve("a.npy"), new long[] {T, K}, a);
        }),
        bad("expert id = E", "topk_ids.npy", d -> ids(d, 3, E)),
        bad("negative expert id", "topk_ids.npy", d -> ids(d, 0, -1)),
        bad("an expert twice in one token", "topk_ids.npy", d -> ids(d, 1, routing.ids()[0])),
        bad("ids are float32", "topk_ids.npy", d -> NpyWriter.write(d.resolve("topk_ids.npy"), "<f4", new long[] {T, TOP_K},
            ByteBuffer.allocate(T * TOP_K * 4))),
        bad("ids are one-dimensional", "topk_ids.npy", d -> NpyWriter.writeInt32(d.resolve("topk_ids.npy"), new long[] {T * TOP_K},
            routing.ids())),
        bad("qweight is uint16", "qweight.npy", d -> NpyWriter.writeUint16(d.resolve("qweight.npy"), new long[] {E, N, K / 4},
            new short[E * N * K / 4])),
        bad("scales for another E", "scales.npy", d -> NpyWriter.writeUint16(d.resolve("scales.npy"), new long[] {E + 1, N, K / G},
            new short[(E + 1) * N * K / G])),
        bad("scales are float16, a bf16 bits", "scales.npy", d -> NpyWriter.writeFloat16(d.resolve("scales.npy"),
            new long[] {E, N, K / G}, new short[E * N * K / G])),
        bad("scales' groups do not divide K", "scales.npy", d -> NpyWriter.writeUint16(d.resolve("scales.npy"),
            new long[] {E, N, 3}, new short[E * N * 3])),
        bad("a scale is NaN", "scales.npy", d -> {
          short[] s = new short[E * N * K / G];
          for (int e = 0; e < E; e++) {
            System.arraycopy(weights.scales(e), 0, s, e * N * K / G, N * K / G);
          }
          s[5] = (short) 0x7fc0; // bf16 NaN
          NpyWriter.writeUint16(d.resolve("scales.npy"), new long[] {E, N, K / G}, s);
        }),
        bad("zeros not packed along N", "zeros.npy", d -> NpyWriter.write(d.resolve("zeros.npy"), "|u1", new long[] {E, N, K / G},
            ByteBuffer.allocate(E * N * K / G))),
        bad("meta.json is not JSON", "meta.json", d -> meta(d, "{\"gemm\": 1,\n \"layout\" \"exllama\"}")),
        bad("meta.json is an array", "meta.json", d -> meta(d, "[1, 2]")),
        bad("meta.json layout contradicts qweight", "meta.json", d -> meta(d, "{\"layout\": \"gptq\"}")),
        bad("meta.json dtype contradicts a", "meta.json", d -> meta(d, "{\"dtype\": \"fp16\"}")),
        bad("meta.json group_size contradicts scales", "meta.json", d -> meta(d, "{\"group_size\": 64}")),
        bad("meta.json gemm contradicts a's rows", "meta.json", d -> meta(d, "{\"gemm\": 2}")),
        bad("meta.json unknown gemm", "meta.json", d -> meta(d, "{\"gemm\": 3}")),
        bad("meta.json gemm as text", "meta.json", d -> meta(d, "{\"gemm\": \"one\"}")),
        bad("meta.json unknown layout", "meta.json", d -> meta(d, "{\"layout\": \"awq\"}")),
        bad("meta.json misspelt key", "meta.json", d -> meta(d, "{\"blockm\": 32}")),
        bad("meta.json block_m 0", "meta.json", d -> meta(d, "{\"block_m\": 0}")),
        bad("top_k = 1 without a gemm", "a.npy", d -> {
          Files.delete(d.resolve("meta.json"));
          NpyWriter.writeInt32(d.resolve("topk_ids.npy"), new long[] {T, 1}, java.util.Arrays.copyOf(routing.ids(), T));
        }));
  }

  private static Arguments bad(String what, String file, Breakage breakage) {
    return Arguments.of(what, file, breakage);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("folders")
  void isRefusedWithOneLineNamingTheFile(String what, String file, Breakage breakage) throws IOException {
    Path dir = Files.createTempDirectory(work, "bad");
    copy(base, dir);
    breakage.apply(dir);
    CliRun run = CliRun.of("run", "--backend", "cpu-ref", "--inputs", dir);
    assertThat(run.isOneLineUsageError()).as("%s: %s", what, run.transcript()).isTrue();
    assertThat(run.err()).as(what).contains(file);
  }

  @Test
  void theUnbrokenBaseFolderRuns() {
    CliRun run = CliRun.of("run", "--backend", "cpu-ref", "--inputs", base);
    assertThat(run.exitCode()).as(run.transcript()).isZero();
  }

  @Test
  void aMissingFolderIsNamed() {
    Path nowhere = work.resolve("nowhere");
    CliRun run = CliRun.of("run", "--backend", "cpu-ref", "--inputs", nowhere);
    assertThat(run.isOneLineUsageError()).as(run.transcript()).isTrue();
    assertThat(run.err()).contains(nowhere.toString()).contains("not a folder");
  }

  @Test
  void badRunFlagsAreOneLineErrors() throws IOException {
    Path file = Files.writeString(work.resolve("a-file"), "x");
    for (Object[] args : new Object[][] {
        {"run", "--backend", "cpu-ref", "--inputs", base, "--iters", 0},
        {"run", "--backend", "cpu-ref", "--inputs", base, "--dump", file},
        {"run", "--backend", "nope", "--inputs", base},
        {"run", "--backend", "cpu-ref", "--backend-option", "accumulate=fp8", "--inputs", base},
        {"run", "--backend", "cpu-ref"}}) {
      CliRun r = CliRun.of(args);
      assertThat(r.isOneLineUsageError()).as(r.transcript()).isTrue();
    }
  }

  private static void ids(Path dir, int index, int value) {
    int[] ids = routing.ids().clone();
    ids[index] = value;
    NpyWriter.writeInt32(dir.resolve("topk_ids.npy"), new long[] {T, TOP_K}, ids);
  }

  private static void meta(Path dir, String json) throws IOException {
    Files.writeString(dir.resolve("meta.json"), json);
  }

  private static void truncate(Path file, int bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - bytes);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }
}
