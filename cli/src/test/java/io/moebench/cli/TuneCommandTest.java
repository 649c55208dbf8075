package io.moebench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * `tune` end to end on lavapipe (Vulkan's portable path, a small gemm2 problem): the winner is cached
 * under its routing work, --max-seconds stops the search without caching a half-searched problem and
 * --resume skips what is cached.
 * The caches go to MOE_BENCH_CACHE (target/test-cache, set by the build).
 */
class TuneCommandTest {
  private static final String[] SMALL = {"tune", "--backend", "vulkan", "--backend-option", "path=portable", "--gemm", "2",
      "--experts", "8", "--tokens", "4", "--archetypes", "hot:1", "--iters", "1", "--warmup", "1", "--warmup-ms", "0"};

  private static String[] with(String... more) {
    return Stream.concat(Stream.of(SMALL), Stream.of(more)).toArray(String[]::new);
  }

  private static String cacheFiles() throws IOException {
    Path dir = Paths.get(System.getenv("MOE_BENCH_CACHE"), "tuning");
    if (!Files.isDirectory(dir)) {
      return "";
    }
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(dir).sorted()) {
      for (Path f : (Iterable<Path>) files::iterator) {
        all.append(Files.readString(f).lines().filter(l -> !l.startsWith("#")).sorted().toList());
      }
    }
    return all.toString();
  }

  @Test
  void cachesTheFastestValidCandidateUnderItsRoutingWork() throws IOException {
    CliRun run = CliRun.of((Object[]) SMALL);
    assertThat(run.exitCode()).as(run.transcript()).isZero();
    assertThat(run.out()).contains("hot:1").contains("cached in");
    // 8 experts and top_k 8: each of the 4 tokens reaches every expert, 8 blocks of 4 rows
    assertThat(cacheFiles()).as(run.transcript()).contains("gemm2.E8.").contains(".T4.B8.X8=");
  }

  @Test
  void aTimeLimitStopsBeforeCachingAHalfSearchedProblem() throws IOException {
    String before = cacheFiles();
    CliRun run = CliRun.of((Object[]) with("--max-seconds", "0.001"));
    assertThat(run.exitCode()).as(run.transcript()).isZero();
    assertThat(run.err()).contains("stopped at the --max-seconds limit of 0.001 s; not tuned: gemm2 hot:1 T=4");
    assertThat(cacheFiles()).isEqualTo(before);
  }

  @Test
  void resumeSkipsTheProblemsAlreadyCached() {
    CliRun first = CliRun.of((Object[]) SMALL);
    assertThat(first.exitCode()).as(first.transcript()).isZero();
    CliRun again = CliRun.of((Object[]) with("--resume", "--tokens", "4,2"));
    assertThat(again.exitCode()).as(again.transcript()).isZero();
    assertThat(again.err()).contains("tune: already cached, skipped (--resume): gemm2 hot:1 T=4");
    assertThat(again.out()).doesNotContain("hot:1      4 ").contains("hot:1      2 ");
  }

  @Test
  void aLimitThatIsNotPositiveIsRefusedInOneLine() {
    CliRun run = CliRun.of((Object[]) with("--max-seconds", "0"));
    assertThat(run.isOneLineUsageError()).as(run.transcript()).isTrue();
    assertThat(run.err()).contains("--max-seconds 0.0: expected a positive number of seconds");
  }
}
