package io.moebench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.npy.NpyWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus (docs/RELIABILITY.md): every case gets its documented exit code and one line
 * on stderr naming the problem (and, where there is a list, the allowed values); no stack trace
 * without --verbose; nothing on stdout that looks like a result. {dir} is a folder of prepared files.
 */
class BadInputCorpusTest {
  @TempDir static Path dir;

  @BeforeAll
  static void files() throws IOException {
    NpyWriter.write(dir.resolve("float.npy"), "<f4", new long[] {2, 2}, ByteBuffer.allocate(16));
    NpyWriter.writeInt32(dir.resolve("flat.npy"), new long[] {4}, new int[] {1, 2, 3, 4});
    NpyWriter.writeInt32(dir.resolve("range.npy"), new long[] {2, 2}, new int[] {0, 1, 2, 300});
    NpyWriter.writeInt32(dir.resolve("twice.npy"), new long[] {2, 2}, new int[] {0, 1, 5, 5});
    NpyWriter.writeInt32(dir.resolve("whole.npy"), new long[] {64, 2}, new int[128]);
    byte[] whole = Files.readAllBytes(dir.resolve("whole.npy"));
    Files.write(dir.resolve("truncated.npy"), Arrays.copyOf(whole, whole.length - 40));
    Files.write(dir.resolve("empty.npy"), new byte[0]);
    byte[] huge = Arrays.copyOf(whole, 12);
    huge[6] = 2;
    huge[8] = 0;
    huge[9] = 0;
    huge[10] = 0;
    huge[11] = 0x40; // a version-2 header claiming 1 GiB
    Files.write(dir.resolve("huge-header.npy"), huge);
    Files.writeString(dir.resolve("words.csv"), "1,2\n3,four\n");
    Files.writeString(dir.resolve("trace.txt"), "1,2\n");
    Files.createDirectories(dir.resolve("plugins-notjar"));
    Files.writeString(dir.resolve("plugins-notjar/readme.jar"), "plain text", StandardCharsets.UTF_8);
    Files.createDirectories(dir.resolve("plugins-broken"));
    PluginJars.servicesOnly(dir.resolve("plugins-broken"), "broken.jar", List.of(
        "io.moebench.testkit.broken.ThrowingConstructorProvider", "io.moebench.testkit.broken.ThrowingOpenProvider",
        "io.moebench.testkit.broken.ThrowingProbeProvider"));
  }

  static Stream<Arguments> corpus() {
    return Stream.of(
        // numbers out of range or not numbers
        bad(2, "T must be between 1", "spacemap --tokens 0"),
        bad(2, "T must be between 1", "spacemap --tokens 16,-4"),
        bad(2, "'abc' is not an int", "spacemap --tokens abc"),
        bad(2, "T must be between 1", "spacemap --tokens 99999999"),
        bad(2, "--experts must be between 1 and 65536", "spacemap --experts 0"),
        bad(2, "--top-k must be between 1 and the number of experts 8", "spacemap --experts 8 --top-k 9"),
        bad(2, "'x' is not a long", "spacemap --seed x"),
        bad(2, "block sizes must be between 1 and 1024", "spacemap --block-m 0"),
        bad(2, "block sizes must be distinct", "spacemap --block-m 32,32"),
        bad(2, "--iters must be between 1 and 100000", "bench --backend cpu-ref --iters 0 --tokens 16"),
        bad(2, "warm-up launches must be between 0 and 100000", "bench --backend cpu-ref --warmup -1 --tokens 16"),
        bad(2, "--ceilings '3': expected two positive numbers", "bench --backend cpu-ref --ceilings 3 --tokens 16"),
        // unknown names
        bad(2, "unknown archetype 'zipf3': allowed values are balanced, uniform", "spacemap --archetypes zipf3"),
        bad(2, "'abc' is not a number; allowed values are", "spacemap --archetypes zipf:abc"),
        bad(2, "the zipf exponent must be between 0 and 64", "spacemap --archetypes zipf:-1"),
        bad(2, "the number of hot experts must be a whole number", "spacemap --archetypes hot:2.5"),
        bad(2, "expected one of [table, csv, json]", "spacemap --format xml"),
        bad(2, "unknown backend 'cuda': known backends are", "bench --backend cuda --tokens 16"),
        bad(2, "unknown backend 'cuda': known backends are", "validate --backends cpu-ref,cuda"),
        bad(2, "unknown gemm 3; allowed values are 1 and 2", "bench --backend cpu-ref --gemm 3 --tokens 16"),
        bad(2, "unknown dtype 'fp32': allowed values are bf16, fp16", "bench --backend cpu-ref --dtype fp32 --tokens 16"),
        bad(2, "unknown layout 'awq': allowed values are gptq, exllama", "bench --backend cpu-ref --layout awq --tokens 16"),
        bad(2, "--group-size 48: allowed values are 32, 64, 128", "bench --backend cpu-ref --group-size 48 --tokens 16"),
        bad(2, "unknown cpu-ref option 'colour': allowed accumulate, threads",
            "bench --backend cpu-ref --backend-option colour=red --tokens 16"),
        bad(2, "backend option 'fast' is not key=value", "bench --backend cpu-ref --backend-option fast --tokens 16"),
        bad(2, "Unknown options: '--tokenz', '16'", "spacemap --tokenz 16"),
        bad(2, "Unmatched argument at index 0: 'frobnicate'", "frobnicate"),
        // conflicting options
        bad(2, "--baseline must differ from --backend", "bench --backend cpu-ref --baseline cpu-ref --tokens 16"),
        bad(2, "--trace replaces --archetypes and --tokens", "spacemap --trace {dir}/whole.npy --tokens 16"),
        bad(2, "--out and --resume name different folders", "sweep --backend cpu-ref --out {dir}/a --resume {dir}/b"),
        bad(2, "holds no results.json: not a results folder", "sweep --backend cpu-ref --resume {dir}"),
        // trace files
        bad(2, "float.npy: dtype float32, allowed int32 or int64", "spacemap --trace {dir}/float.npy"),
        bad(2, "flat.npy: shape [4], expected 2 dimensions [T, top_k]", "spacemap --trace {dir}/flat.npy"),
        bad(2, "range.npy: token 1 has expert id 300, allowed ids are 0..255", "spacemap --trace {dir}/range.npy"),
        bad(2, "twice.npy: token 1 lists expert 5 twice", "spacemap --trace {dir}/twice.npy"),
        bad(2, "truncated.npy: truncated", "spacemap --trace {dir}/truncated.npy"),
        bad(2, "empty.npy: empty file", "spacemap --trace {dir}/empty.npy"),
        bad(2, "huge-header.npy: .npy header of 1073741824 bytes, allowed at most", "spacemap --trace {dir}/huge-header.npy"),
        bad(2, "words.csv: line 2: 'four' is not an expert id", "spacemap --trace {dir}/words.csv"),
        bad(2, "trace.txt: unknown trace format; allowed: .npy", "spacemap --trace {dir}/trace.txt"),
        bad(2, "no such file", "spacemap --trace {dir}/missing.npy"),
        // plugin folders
        bad(2, "plugin folder", "backends --plugins {dir}/no-such-folder"),
        bad(3, "not available: not a jar file", "bench --plugins {dir}/plugins-notjar --backend readme.jar --tokens 16"),
        bad(3, "not available: constructor of io.moebench.testkit.broken.ThrowingConstructorProvider failed",
            "bench --plugins {dir}/plugins-broken --backend ThrowingConstructorProvider --tokens 16"),
        bad(3, "broken-probe: not available: probe failed: IllegalStateException: probe exploded",
            "bench --plugins {dir}/plugins-broken --backend broken-probe --tokens 16"),
        bad(5, "broken-open: open failed: IllegalStateException: open exploded",
            "bench --plugins {dir}/plugins-broken --backend broken-open --tokens 16"));
  }

  private static Arguments bad(int exitCode, String message, String args) {
    return Arguments.of(exitCode, message, args);
  }

  @ParameterizedTest(name = "[{index}] {2}")
  @MethodSource("corpus")
  void refusedWithOneLineAndTheDocumentedExitCode(int exitCode, String message, String args) {
    String[] argv = args.replace("{dir}", dir.toString()).split(" ");
    CliRun run = CliRun.of((Object[]) argv);
    assertThat(run.exitCode()).as(run.transcript()).isEqualTo(exitCode);
    assertThat(run.err().strip().lines()).as(run.transcript()).hasSize(1);
    assertThat(run.err()).as(run.transcript()).contains(message).doesNotContain("\tat ").doesNotContain("Exception in");
    assertThat(run.out()).as("no result rows on stdout").doesNotContain("worst first").doesNotContain("passed");
  }

  @org.junit.jupiter.api.Test
  void verboseAddsTheStackTrace() {
    CliRun run = CliRun.of("--verbose", "spacemap", "--trace", dir.resolve("range.npy"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("range.npy: token 1 has expert id 300").contains("\tat ");
  }
}
