package io.moebench.core.tune;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneCacheTest {
  private static final MoeShape GEMM1 = MoeShape.gemm1(256, 128, 32);
  private static final MoeShape GEMM2 = MoeShape.gemm2(256, 128, 32);

  @TempDir
  Path dir;

  private void store(TuneCache cache, MoeShape s, int tokens, int blocks, String tile) {
    cache.store("dev", s, Dtype.BF16, WeightLayout.EXLLAMA, false, tokens, blocks, Map.of("tile", tile));
  }

  private String lookup(TuneCache cache, MoeShape s, int tokens, int blocks) {
    return cache.lookup("dev", s, Dtype.BF16, WeightLayout.EXLLAMA, false, tokens, blocks).map(m -> m.get("tile")).orElse(null);
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
    assertThat(cache.lookup("dev", GEMM1, Dtype.FP16, WeightLayout.EXLLAMA, false, 16, 16)).isEmpty();
    assertThat(cache.lookup("another device", GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, false, 16, 16)).isEmpty();
  }

  @Test
  void aLaterWinnerReplacesTheEntryAndSurvivesReopening() {
    store(new TuneCache(dir), GEMM1, 64, 40, "first");
    store(new TuneCache(dir), GEMM1, 64, 40, "second");
    assertThat(lookup(new TuneCache(dir), GEMM1, 64, 40)).isEqualTo("second");
  }

  @Test
  void entriesOfAnOlderFormatAreIgnored() throws Exception {
    Files.writeString(dir.resolve("dev.properties"), TuneCache.shapeKey(GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, false)
        + ".T64=tile\\=old\n");
    TuneCache cache = new TuneCache(dir);
    assertThat(lookup(cache, GEMM1, 64, 40)).isNull();
    store(cache, GEMM1, 64, 40, "new");
    assertThat(lookup(cache, GEMM1, 64, 40)).isEqualTo("new");
  }
}
