package io.moebench.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.moebench.cli.CliModule;
import io.moebench.cli.CliRun;
import io.moebench.cli.Console;
import io.moebench.core.harness.Harness;
import io.moebench.core.harness.TimingPolicy;
import io.moebench.core.harness.TimingStats;
import io.moebench.core.registry.BackendRegistry;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.util.CacheDirs;
import io.moebench.testkit.Devices;
import io.moebench.vulkan.VulkanProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `tune` end to end on lavapipe (Vulkan's portable path, a small gemm2 problem): the winner of the
 * confirmation round is cached under its routing work, a retune keeps a cached winner that is faster,
 * --max-seconds stops the search without caching a half-searched problem (a fully searched one is still
 * confirmed and cached) and --resume skips what is cached for this kernel build and retunes the rest;
 * bench and sweep say when they used a winner of another build. The time limit reads a clock the tests
 * drive, so where it expires is certain. The tuning cache is CacheDirs' (under MOE_BENCH_CACHE,
 * target/test-cache as the build sets it), emptied before each test.
 */
class TuneCommandTest {
  private static final String[] SMALL = {"--backend", "vulkan", "--backend-option", "path=portable", "--gemm", "2",
      "--experts", "8", "--archetypes", "hot:1", "--iters", "1", "--warmup", "1", "--warmup-ms", "0"};
  private static final Path TUNING = CacheDirs.of("tuning");
  private static final long SECOND = 1_000_000_000L;
  /** A kernel fingerprint as the cache stores it. */
  private static final String BUILD = "[0-9a-f]{12}";

  @BeforeEach
  void lavapipeAndAnEmptyTuningCache() throws IOException {
    Devices.requireAvailable(new VulkanProvider());
    assertThat(System.getenv("MOE_BENCH_CACHE")).as("MOE_BENCH_CACHE (set by the build): without it this test "
        + "would empty the user's own tuning cache " + TUNING).isNotBlank();
    if (Files.isDirectory(TUNING)) {
      try (Stream<Path> files = Files.walk(TUNING)) {
        for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(f);
        }
      }
    }
  }

  /** The small problem at these --tokens, with more options. */
  private static String[] small(String tokens, String... more) {
    return Stream.of(Stream.of(SMALL), Stream.of("--tokens", tokens), Stream.of(more)).flatMap(a -> a)
        .toArray(String[]::new);
  }

  /** `moe-bench tune` through Main, as a user runs it. */
  private static CliRun tune(String... args) {
    return CliRun.of(Stream.concat(Stream.of("tune"), Stream.of(args)).toArray());
  }

  /** `tune` with this harness, its time limit read from {@code nanoClock}. */
  private static CliRun tune(Harness harness, LongSupplier nanoClock, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    Injector injector = Guice.createInjector(new CliModule(console));
    TuneCommand command = new TuneCommand(console, injector.getProvider(BackendRegistry.class), harness, nanoClock);
    CommandLine.IFactory factory = new CommandLine.IFactory() { // as Main's: mixins from Guice, picocli's types its own
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        return cls.getName().startsWith("io.moebench.") ? injector.getInstance(cls) : CommandLine.defaultFactory().create(cls);
      }
    };
    int code = new CommandLine(command, factory).execute(args);
    return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String cacheFiles() throws IOException {
    if (!Files.isDirectory(TUNING)) {
      return "";
    }
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(TUNING).sorted()) {
      for (Path f : (Iterable<Path>) files::iterator) {
        all.append(Files.readString(f).lines().filter(l -> !l.startsWith("#")).sorted().toList());
      }
    }
    return all.toString();
  }

  /** Rewrites every file of the tuning cache. */
  private static void editCache(UnaryOperator<String> edit) throws IOException {
    try (Stream<Path> files = Files.list(TUNING)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.writeString(f, edit.apply(Files.readString(f)));
      }
    }
  }

  /** The cache's line of the kernel build the winner at T = {@code tokens} was tuned for, its value as group "build". */
  private static String buildLine(int tokens) {
    return "(?m)^(?<key>fingerprint\\.[^=\\n]*\\.T" + tokens + "\\.B[^=\\n]*=)(?<build>.*)\\n";
  }

  /** The kernel builds cached for the winners at T = {@code tokens}. */
  private static List<String> builds(int tokens) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(TUNING)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Matcher m = Pattern.compile(buildLine(tokens)).matcher(Files.readString(f));
        while (m.find()) {
          found.add(m.group("build"));
        }
      }
    }
    return found;
  }

  /** Times for real, but each timing moves the test's clock on by 2 s; counts the candidates it timed. */
  private static final class SlowHarness extends Harness {
    long now;
    int timed;

    @Override
    public TimingStats time(Backend backend, BoundGemm gemm, TimingPolicy policy) {
      timed++;
      now += 2 * SECOND;
      return super.time(backend, gemm, policy);
    }
  }

  /** Times nothing (30 us each); each timing of the search moves the clock 2 s on. Counts both rounds' timings. */
  private static final class ClockedHarness extends Harness {
    long now;
    int searched;
    int confirmed;

    @Override
    public TimingStats time(Backend backend, BoundGemm gemm, TimingPolicy policy) {
      if (policy.iterations() > 1) {
        confirmed++;
      } else {
        searched++;
        now += 2 * SECOND;
      }
      return new TimingStats(30.0, 30.0, 30.0, 30.0, policy.iterations(), true);
    }
  }

  /**
   * Times nothing: reports {@code search} us for a configuration in the search's launches (--iters 1) and
   * {@code confirm} us in the confirmation round (bench's launches, more than one); counts the configurations
   * the confirmation round timed.
   */
  private static final class ScriptedHarness extends Harness {
    private final ToDoubleFunction<String> search;
    private final ToDoubleFunction<String> confirm;
    final List<String> confirmed = new ArrayList<>();

    ScriptedHarness(ToDoubleFunction<String> search, ToDoubleFunction<String> confirm) {
      this.search = search;
      this.confirm = confirm;
    }

    @Override
    public TimingStats time(Backend backend, BoundGemm gemm, TimingPolicy policy) {
      boolean confirming = policy.iterations() > 1;
      if (confirming) {
        confirmed.add(gemm.configuration());
      }
      double us = (confirming ? confirm : search).applyAsDouble(gemm.configuration());
      return new TimingStats(us, us, us, us, policy.iterations(), true);
    }
  }

  /** `tune` that validates every candidate but times none: each takes 30 us, so the default wins. */
  private static CliRun untimedTune(String... args) {
    return tune(new ScriptedHarness(times(30.0), times(30.0)), System::nanoTime, args);
  }

  private static final String TILE_A = "R 1, BN 64, BK 32, TN 2";
  private static final String TILE_B = "R 1, BN 128, BK 32, TN 8";

  /** {@code us[i]} for the tile whose configuration names {@code tiles[i]}, {@code others} for the rest. */
  private static ToDoubleFunction<String> times(double others, Object... tilesAndUs) {
    return configuration -> {
      for (int i = 0; i < tilesAndUs.length; i += 2) {
        if (configuration.contains((String) tilesAndUs[i])) {
          return (Double) tilesAndUs[i + 1];
        }
      }
      return others;
    };
  }

  @Test
  void theConfirmationRoundPicksTheWinnerNotTheSearchsFewLaunches() throws IOException {
    // the search times tile A fastest and B second, bench's launches B fastest
    ScriptedHarness h = new ScriptedHarness(times(30.0, TILE_A, 10.0, TILE_B, 15.0), times(40.0, TILE_B, 12.0));
    CliRun run = tune(h, System::nanoTime, small("4"));
    assertThat(run.exitCode()).as(run.transcript()).isZero();
    assertThat(h.confirmed).as("the default and the 5 fastest: no cached winner yet").hasSizeBetween(5, 6)
        .anyMatch(c -> c.contains(TILE_A)).anyMatch(c -> c.contains(TILE_B));
    assertThat(cacheFiles()).as(run.transcript()).contains("bk\\=32,blocks\\=1,bn\\=128,tn\\=8");
    assertThat(run.out()).contains(" 12.0 ");
  }

  @Test
  void aRetuneKeepsTheCachedWinnerWhenBenchsLaunchesFindItFaster() throws IOException {
    CliRun first = tune(new ScriptedHarness(times(30.0, TILE_B, 10.0), times(30.0, TILE_B, 10.0)), System::nanoTime,
        small("4"));
    assertThat(first.exitCode()).as(first.transcript()).isZero();
    String winner = cacheFiles();
    assertThat(winner).as(first.transcript()).contains("bk\\=32,blocks\\=1,bn\\=128,tn\\=8");
    // the retune's search mistimes tile B: only as the cached winner does it reach the confirmation round
    ScriptedHarness again = new ScriptedHarness(times(20.0, TILE_B, 100.0), times(20.0, TILE_B, 10.0));
    CliRun retune = tune(again, System::nanoTime, small("4"));
    assertThat(retune.exitCode()).as(retune.transcript()).isZero();
    assertThat(again.confirmed.stream().filter(c -> c.contains(TILE_B))).as(retune.transcript()).hasSize(1);
    assertThat(cacheFiles()).as(retune.transcript()).isEqualTo(winner);
    assertThat(retune.err()).as("the winner stayed").doesNotContain("replaced");
  }

  @Test
  void aCachedWinnerNamedWithFewerKeysIsTheSameTileNotAReplacement() throws IOException {
    CliRun first = tune(new ScriptedHarness(times(30.0, TILE_B, 10.0), times(30.0, TILE_B, 10.0)), System::nanoTime,
        small("4"));
    assertThat(first.exitCode()).as(first.transcript()).isZero();
    // as an older tune wrote it: a parameter at its default left out
    try (Stream<Path> files = Files.list(TUNING)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.writeString(f, Files.readString(f).replace(",blocks\\=1,", ","));
      }
    }
    assertThat(cacheFiles()).contains("bk\\=32,bn\\=128,tn\\=8");
    CliRun retune = tune(new ScriptedHarness(times(30.0, TILE_B, 10.0), times(30.0, TILE_B, 10.0)), System::nanoTime,
        small("4"));
    assertThat(retune.exitCode()).as(retune.transcript()).isZero();
    assertThat(retune.err()).as(retune.transcript()).doesNotContain("replaced");
  }

  @Test
  void aRetuneThatReplacesTheCachedWinnerSaysSoWithTheOldOne() throws IOException {
    CliRun first = tune(new ScriptedHarness(times(30.0, TILE_B, 10.0), times(30.0, TILE_B, 10.0)), System::nanoTime,
        small("4"));
    assertThat(first.exitCode()).as(first.transcript()).isZero();
    assertThat(first.err()).as("nothing was cached before").doesNotContain("replaced");
    // another routing with the same work (here: the same problem again) where tile A wins the confirmation round
    CliRun retune = tune(new ScriptedHarness(times(30.0, TILE_A, 10.0), times(30.0, TILE_A, 5.0)), System::nanoTime,
        small("4"));
    assertThat(retune.exitCode()).as(retune.transcript()).isZero();
    assertThat(cacheFiles()).as(retune.transcript()).contains("bk\\=32,blocks\\=1,bn\\=64,tn\\=2");
    assertThat(retune.err()).contains("tune: replaced the cached winners of gemm2 hot:1 T=4 (was bk=32,blocks=1,bn=128,tn=8")
        .contains("share one entry");
  }

  @Test
  void cachesTheFastestValidCandidateUnderItsRoutingWork() throws IOException {
    CliRun run = tune(small("4"));
    assertThat(run.exitCode()).as(run.transcript()).isZero();
    assertThat(run.out()).contains("hot:1").contains("cached in");
    // 8 experts and top_k 8: each of the 4 tokens reaches every expert, 8 blocks of 4 rows
    assertThat(cacheFiles()).as(run.transcript()).contains("gemm2.E8.").contains(".T4.B8.X8.L1=");
  }

  @Test
  void benchSaysWhenTheTuningCacheHoldsEntriesOfAnOlderFormat() throws IOException {
    CliRun first = tune(small("4"));
    assertThat(first.exitCode()).as(first.transcript()).isZero();
    String[] benchArgs = Stream.concat(Stream.of("bench"), Stream.of(small("4"))).toArray(String[]::new);
    CliRun tuned = CliRun.of((Object[]) benchArgs);
    assertThat(tuned.exitCode()).as(tuned.transcript()).isZero();
    assertThat(tuned.err()).as(tuned.transcript()).doesNotContain("older format");
    // as a tune before the largest expert was part of the routing work wrote it
    try (Stream<Path> files = Files.list(TUNING)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.writeString(f, Files.readString(f).replace(".X8.L1=", ".X8="));
      }
    }
    CliRun older = CliRun.of((Object[]) benchArgs);
    assertThat(older.exitCode()).as(older.transcript()).isZero();
    assertThat(older.err()).as(older.transcript()).containsPattern("moe-bench: 1 entry of .*vulkan.*\\.properties is "
        + "of an older format \\(routing work without the largest expert\\), not used: run tune again\n");
    CliRun ignored = CliRun.of((Object[]) Stream.concat(Stream.of(benchArgs), Stream.of("--no-tune-cache")).toArray(String[]::new));
    assertThat(ignored.err()).as(ignored.transcript()).doesNotContain("older format");
  }

  @Test
  void aLimitThatExpiresWithinAProblemsSearchLeavesItUncachedAndListsIt() throws IOException {
    // the first timed candidate takes 2 s of a 1 s limit: the next candidate must not start. Had the search no
    // next candidate, it would finish and cache its winner: the empty cache shows it stopped midway
    SlowHarness slow = new SlowHarness();
    CliRun run = tune(slow, () -> slow.now, small("4", "--max-seconds", "1"));
    assertThat(run.exitCode()).as(run.transcript()).isZero();
    assertThat(slow.timed).as(run.transcript()).isEqualTo(1);
    assertThat(run.err()).contains("tune: stopped at the --max-seconds limit of 1.0 s; not tuned: gemm2 hot:1 T=4\n");
    assertThat(cacheFiles()).as(run.transcript()).isEmpty();
  }

  @Test
  void aLimitThatExpiresWithTheLastCandidateStillConfirmsAndCachesTheWinner() throws IOException {
    ClockedHarness unlimited = new ClockedHarness();
    CliRun first = tune(unlimited, () -> unlimited.now, small("4"));
    assertThat(first.exitCode()).as(first.transcript()).isZero();
    long candidates = unlimited.searched;
    lavapipeAndAnEmptyTuningCache();
    // the last candidate's timing ends past the limit: the next reading of the clock is the confirmation round's
    ClockedHarness limited = new ClockedHarness();
    CliRun run = tune(limited, () -> limited.now, small("4", "--max-seconds", Long.toString(2 * candidates - 1)));
    assertThat(run.exitCode()).as(run.transcript()).isZero();
    assertThat(limited.searched).as(run.transcript()).isEqualTo(candidates);
    assertThat(limited.confirmed).as(run.transcript()).isPositive();
    assertThat(run.err()).as(run.transcript()).doesNotContain("not tuned");
    assertThat(cacheFiles()).as(run.transcript()).contains(".T4.");
  }

  @Test
  void resumeSkipsTheProblemsAlreadyCachedAlsoOnceTheLimitHasExpired() {
    CliRun first = tune(small("4"));
    assertThat(first.exitCode()).as(first.transcript()).isZero();

    long[] now = {0};
    // every reading of the clock is 2 s after the last: the 1 s limit has expired before the first problem
    CliRun late = tune(new Harness(), () -> now[0] += 2 * SECOND, small("4,2", "--resume", "--max-seconds", "1"));
    assertThat(late.exitCode()).as(late.transcript()).isZero();
    assertThat(late.err()).contains("tune: already cached, skipped (--resume): gemm2 hot:1 T=4\n")
        .contains("; not tuned: gemm2 hot:1 T=2\n");

    CliRun again = tune(small("4,2", "--resume"));
    assertThat(again.exitCode()).as(again.transcript()).isZero();
    assertThat(again.err()).contains("tune: already cached, skipped (--resume): gemm2 hot:1 T=4\n");
    assertThat(again.out()).doesNotContain("hot:1      4 ").contains("hot:1      2 ");
  }

  @Test
  void resumeRetunesWinnersOfAnotherOrAnUnknownKernelBuildAndSkipsCurrentOnes() throws IOException {
    CliRun first = untimedTune(small("4,2"));
    assertThat(first.exitCode()).as(first.transcript()).isZero();
    // each winner's own build: the two winners' configurations may differ
    assertThat(builds(4)).as(first.transcript()).singleElement().asString().matches(BUILD);
    assertThat(builds(2)).singleElement().asString().matches(BUILD);

    editCache(text -> text.replaceAll(buildLine(2), "${key}0000000000ff\n")); // tuned for another build
    CliRun another = untimedTune(small("4,2", "--resume"));
    assertThat(another.exitCode()).as(another.transcript()).isZero();
    assertThat(another.err()).contains("tune: already cached, skipped (--resume): gemm2 hot:1 T=4\n")
        .contains("tune: retuned as stale (cached for another or an unknown build of the vulkan kernel): gemm2 hot:1 "
            + "T=2\n");
    assertThat(another.out()).doesNotContain("hot:1      4 ").contains("hot:1      2 ");
    assertThat(builds(2)).as("retuned for this build").singleElement().asString().matches(BUILD);

    editCache(text -> text.replaceAll(buildLine(4), "")); // as cached before builds were recorded
    CliRun unknown = untimedTune(small("4,2", "--resume"));
    assertThat(unknown.exitCode()).as(unknown.transcript()).isZero();
    assertThat(unknown.err()).contains("tune: already cached, skipped (--resume): gemm2 hot:1 T=2\n")
        .contains("tune: retuned as stale (cached for another or an unknown build of the vulkan kernel): gemm2 hot:1 "
            + "T=4\n");
    assertThat(builds(4)).singleElement().asString().matches(BUILD);

    CliRun again = untimedTune(small("4,2", "--resume"));
    assertThat(again.err()).as("each stored build is its winner's: " + again.transcript())
        .contains("skipped (--resume): gemm2 hot:1 T=4, gemm2 hot:1 T=2\n").doesNotContain("stale");
  }

  @Test
  void benchAndSweepSayOnceWhenTheyUsedWinnersTunedForAnotherOrAnUnknownBuild(@TempDir Path dir) throws IOException {
    CliRun tuned = untimedTune(small("4"));
    assertThat(tuned.exitCode()).as(tuned.transcript()).isZero();
    String[] benchArgs = Stream.concat(Stream.of("bench"), Stream.of(small("4"))).toArray(String[]::new);
    CliRun current = CliRun.of((Object[]) benchArgs);
    assertThat(current.exitCode()).as(current.transcript()).isZero();
    assertThat(current.err()).as(current.transcript()).doesNotContain("tuned for another build");

    String notice = "moe-bench: 1 of 1 tuned configuration used here was tuned for another build of the vulkan kernel "
        + "or an unknown one; 'moe-bench tune --backend vulkan --backend-option path=portable --resume' retunes it, "
        + "given the options of the tune that cached it (--archetypes, --tokens, ...)\n";
    editCache(text -> text.replaceAll(buildLine(4), "${key}0000000000ff\n"));
    CliRun another = CliRun.of((Object[]) benchArgs);
    assertThat(another.exitCode()).as("a stale winner still runs: " + another.transcript()).isZero();
    assertThat(another.err()).as(another.transcript()).contains(notice);
    assertThat(another.err().split("tuned for another build", -1)).as("one line a run").hasSize(2);

    editCache(text -> text.replaceAll(buildLine(4), ""));
    CliRun unknown = CliRun.of((Object[]) benchArgs);
    assertThat(unknown.err()).as(unknown.transcript()).contains(notice);
    CliRun sweep = CliRun.of((Object[]) Stream.concat(Stream.of("sweep", "--baseline", "cpu-ref", "--out",
        dir.resolve("sweep").toString()), Stream.of(small("4"))).toArray(String[]::new));
    assertThat(sweep.exitCode()).as(sweep.transcript()).isZero();
    assertThat(sweep.err()).as(sweep.transcript()).contains(notice);
    CliRun ignored = CliRun.of((Object[]) Stream.concat(Stream.of(benchArgs), Stream.of("--no-tune-cache"))
        .toArray(String[]::new));
    assertThat(ignored.err()).as(ignored.transcript()).doesNotContain("tuned for another build");

    assertThat(untimedTune(small("4", "--resume")).exitCode()).isZero();
    CliRun retuned = CliRun.of((Object[]) benchArgs);
    assertThat(retuned.err()).as(retuned.transcript()).doesNotContain("tuned for another build");
  }

  @Test
  void aLimitThatIsNotPositiveIsRefusedInOneLine() {
    CliRun run = tune(small("4", "--max-seconds", "0"));
    assertThat(run.isOneLineUsageError()).as(run.transcript()).isTrue();
    assertThat(run.err()).contains("--max-seconds 0.0: expected a positive number of seconds");
  }
}
