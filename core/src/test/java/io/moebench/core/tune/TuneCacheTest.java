package io.moebench.core.tune;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneCacheTest {
  private static final MoeShape GEMM1 = MoeShape.gemm1(256, 128, 32);
  private static final MoeShape GEMM2 = MoeShape.gemm2(256, 128, 32);
  private static final String BUILD = "0123456789ab";

  @TempDir
  Path dir;

  private void store(TuneCache cache, MoeShape s, int tokens, int blocks, String tile) {
    store(cache, s, new RoutingWork(tokens, blocks, blocks, 1), tile);
  }

  private void store(TuneCache cache, MoeShape s, RoutingWork work, String tile) {
    cache.store("dev", s, Dtype.BF16, WeightLayout.EXLLAMA, false, work, Map.of("tile", tile), BUILD);
  }

  /** A routing of {@code experts} whose blocks are spread as evenly as they can be. */
  private static RoutingWork even(int tokens, int blocks, int experts) {
    return new RoutingWork(tokens, blocks, experts, (blocks + experts - 1) / experts);
  }

  private String lookup(TuneCache cache, MoeShape s, int tokens, int blocks) {
    return lookup(cache, s, new RoutingWork(tokens, blocks, blocks, 1));
  }

  private String lookup(TuneCache cache, MoeShape s, RoutingWork work) {
    return cache.lookup("dev", s, Dtype.BF16, WeightLayout.EXLLAMA, false, work).map(e -> e.config().get("tile"))
        .orElse(null);
  }

  @Test
  void picksTheEntryNearestInTokensAndBlocks() {
    TuneCache cache = new TuneCache(dir);
    store(cache, GEMM1, 16, 16, "hot");
    store(cache, GEMM1, 16, 128, "sparse");
    store(cache, GEMM1, 4096, 1024, "large");
    store(cache, GEMM2, 16, 16, "other shape");
    assertThat(lookup(cache, GEMM1, 16, 18)).isEqualTo("hot");
    assertThat(lookup(cache, GEMM1, 16, 100)).isEqualTo("sparse");
    assertThat(lookup(cache, GEMM1, 32, 120)).isEqualTo("sparse");
    assertThat(lookup(cache, GEMM1, 2048, 600)).isEqualTo("large");
    assertThat(lookup(cache, GEMM2, 4096, 1024)).isEqualTo("other shape");
    RoutingWork work = new RoutingWork(16, 16, 16, 1);
    assertThat(cache.lookup("dev", GEMM1, Dtype.FP16, WeightLayout.EXLLAMA, false, work)).isEmpty();
    assertThat(cache.lookup("another device", GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, false, work)).isEmpty();
  }

  @Test
  void blocksPerExpertTellApartRoutingsOfEqualTokensAndBlocks() {
    // session 4's mispick: a hot routing's tile (264 blocks of 17 experts) went to a spread one
    // (one block per expert) of nearly the same T and block count
    TuneCache cache = new TuneCache(dir);
    store(cache, GEMM1, even(1024, 264, 17), "hot-merged-blocks");
    store(cache, GEMM1, even(256, 252, 252), "spread");
    assertThat(lookup(cache, GEMM1, even(768, 256, 256))).isEqualTo("spread");
    assertThat(lookup(cache, GEMM1, even(512, 260, 20))).isEqualTo("hot-merged-blocks");
  }

  @Test
  void theLargestExpertTellsAnEvenRoutingFromAnUnevenOneWithTheSameTotals() {
    // session 10's collision: balanced and uniform T = 1536 both made 512 blocks over 256 experts and
    // shared one entry, though a tile of merged blocks that suits the first is 1.4x slower on the second
    TuneCache cache = new TuneCache(dir);
    store(cache, GEMM1, new RoutingWork(1536, 512, 256, 2), "balanced");
    store(cache, GEMM1, new RoutingWork(1536, 512, 256, 4), "uniform");
    assertThat(lookup(cache, GEMM1, new RoutingWork(1536, 512, 256, 2))).isEqualTo("balanced");
    assertThat(lookup(cache, GEMM1, new RoutingWork(1536, 512, 256, 4))).isEqualTo("uniform");
    assertThat(lookup(cache, GEMM1, new RoutingWork(1536, 512, 256, 5))).as("nearer the uneven one").isEqualTo("uniform");
    assertThat(lookup(cache, GEMM1, new RoutingWork(1536, 510, 256, 2))).as("off in blocks, the tie is broken")
        .isEqualTo("balanced");
  }

  @Test
  void theLargestExpertOnlyBreaksTiesAndNeverOutweighsTokensBlocksAndBlocksPerExpert() {
    // session 11: uniform T = 1024 (359 blocks, largest expert 2) had no entry; zipf1's (405 blocks, 24) suits it,
    // balanced's (256 blocks, 1) is 1.4x slower there
    TuneCache cache = new TuneCache(dir);
    store(cache, GEMM2, new RoutingWork(1024, 405, 256, 24), "zipf1");
    store(cache, GEMM2, new RoutingWork(1024, 256, 256, 1), "balanced");
    assertThat(lookup(cache, GEMM2, new RoutingWork(1024, 359, 256, 2))).isEqualTo("zipf1");
  }

  @Test
  void getAnswersForExactlyTheStoredRoutingWork() {
    TuneCache cache = new TuneCache(dir);
    RoutingWork work = new RoutingWork(64, 40, 20, 3);
    store(cache, GEMM1, work, "tile");
    assertThat(cache.get("dev", GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, false, work).map(TuneCache.Entry::config))
        .contains(Map.of("tile", "tile"));
    assertThat(cache.get("dev", GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, false, new RoutingWork(64, 40, 21, 3)))
        .as("a near routing is not this one").isEmpty();
    assertThat(cache.get("dev", GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, false, new RoutingWork(64, 40, 20, 2)))
        .as("nor one with another largest expert").isEmpty();
    assertThat(cache.get("dev", GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, false, new RoutingWork(64, 40, 40, 1))).isEmpty();
    assertThat(cache.get("dev", GEMM2, Dtype.BF16, WeightLayout.EXLLAMA, false, work)).isEmpty();
    assertThat(cache.get("dev", GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, true, work)).isEmpty();
  }

  @Test
  void eachEntryKeepsTheKernelBuildItWasTunedForBesideAnUnchangedEntryLine() throws Exception {
    RoutingWork work = new RoutingWork(64, 40, 20, 3);
    String key = TuneCache.shapeKey(GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, false) + ".T64.B40.X20.L3";
    new TuneCache(dir).store("dev", GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, false, work,
        Map.of("bn", "128", "bk", "32"), BUILD);
    TuneCache reopened = new TuneCache(dir);
    TuneCache.Entry entry = reopened.get("dev", GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, false, work).orElseThrow();
    assertThat(entry).isEqualTo(new TuneCache.Entry(key, Map.of("bk", "32", "bn", "128"), BUILD));
    assertThat(reopened.lookup("dev", GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, false, new RoutingWork(60, 40, 20, 3)))
        .contains(entry);
    assertThat(entry.isStale(BUILD)).isFalse();
    assertThat(entry.isStale("ba9876543210")).as("tuned for another build").isTrue();
    assertThat(entry.isStale("")).as("the current build unknown: nothing to tell").isFalse();

    Properties file = new Properties();
    try (Reader r = Files.newBufferedReader(dir.resolve("dev.properties"))) {
      file.load(r);
    }
    assertThat(file).containsOnlyKeys(key, "fingerprint." + key);
    assertThat(TuneCache.parse(file.getProperty(key))).as("the entry line as before").isEqualTo(Map.of("bk", "32", "bn", "128"));
    assertThat(file.getProperty("fingerprint." + key)).isEqualTo(BUILD);
    assertThat(reopened.olderEntries("dev")).as("a fingerprint is no entry of an older format").isZero();
  }

  @Test
  void entriesOfAFileWithoutFingerprintsLoadAsTunedForAnUnknownBuild() throws Exception {
    String shape = TuneCache.shapeKey(GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, false);
    Files.writeString(dir.resolve("dev.properties"), "#moe-bench tune\n" + shape + ".T64.B40.X40.L1=tile\\=cached\n");
    TuneCache cache = new TuneCache(dir);
    TuneCache.Entry entry = cache.lookup("dev", GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, false,
        new RoutingWork(64, 40, 40, 1)).orElseThrow();
    assertThat(entry.config()).isEqualTo(Map.of("tile", "cached"));
    assertThat(entry.kernelFingerprint()).isEmpty();
    assertThat(entry.isStale(BUILD)).isTrue();
    assertThat(cache.olderEntries("dev")).isZero();
  }

  @Test
  void aWinnerStoredForAnUnknownBuildDropsTheFingerprintOfTheOneItReplaces() {
    TuneCache cache = new TuneCache(dir);
    RoutingWork work = new RoutingWork(64, 40, 40, 1);
    store(cache, GEMM1, work, "known");
    cache.store("dev", GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, false, work, Map.of("tile", "unknown"), "");
    TuneCache.Entry entry = cache.get("dev", GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, false, work).orElseThrow();
    assertThat(entry.config()).isEqualTo(Map.of("tile", "unknown"));
    assertThat(entry.kernelFingerprint()).isEmpty();
    assertThat(entry.isStale(BUILD)).isTrue();
  }

  @Test
  void aLaterWinnerReplacesTheEntryAndSurvivesReopening() {
    store(new TuneCache(dir), GEMM1, 64, 40, "first");
    store(new TuneCache(dir), GEMM1, 64, 40, "second");
    assertThat(lookup(new TuneCache(dir), GEMM1, 64, 40)).isEqualTo("second");
  }

  @Test
  void entriesOfAnOlderFormatAreIgnored() throws Exception {
    String shape = TuneCache.shapeKey(GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, false);
    Files.writeString(dir.resolve("dev.properties"), shape + ".T64=tile\\=old\n" + shape + ".T64.B40=tile\\=older\n"
        + shape + ".T64.B40.X40=tile\\=without-largest\n");
    TuneCache cache = new TuneCache(dir);
    assertThat(lookup(cache, GEMM1, 64, 40)).isNull();
    assertThat(cache.olderEntries("dev")).isEqualTo(3);
    store(cache, GEMM1, 64, 40, "new");
    assertThat(lookup(cache, GEMM1, 64, 40)).isEqualTo("new");
    assertThat(cache.olderEntries("dev")).as("the new entry is not older").isEqualTo(3);
    assertThat(cache.olderEntries("a device never tuned")).isZero();
  }
}
