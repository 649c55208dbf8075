package io.moebench.core.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.InputException;
import io.moebench.core.routing.Archetype;
import io.moebench.core.routing.RoutingGenerator;
import io.moebench.core.routing.RoutingTable;
import io.moebench.core.routing.SplitMix64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MoeAlignTest {

  @Test
  void theWorkedExample() {
    RoutingTable r = new RoutingTable(4, 3, 5, new int[] {2, 3, 4, 1, 2, 4, 1, 3, 4, 1, 2, 3}, "example");
    AlignedLayout a = MoeAlign.align(r, 4);
    assertThat(a.sortedIds()).containsExactly(3, 6, 9, 12, 0, 4, 10, 12, 1, 7, 11, 12, 2, 5, 8, 12);
    assertThat(a.expertIds()).containsExactly(1, 2, 3, 4);
    assertThat(a.numTokensPostPadded()).isEqualTo(16);
    assertThat(a.sentinel()).isEqualTo(12);
    assertThat(a.validRows()).isEqualTo(12);
    assertThat(a.blocks()).isEqualTo(4);
    assertThat(a.blockM()).isEqualTo(4);
  }

  @Test
  void theWorkedExampleInTheEngineBuffers() {
    RoutingTable r = new RoutingTable(4, 3, 5, new int[] {2, 3, 4, 1, 2, 4, 1, 3, 4, 1, 2, 3}, "example");
    AlignedLayout a = MoeAlign.align(r, 4).withEngineCapacity(5);
    // capacity T*top_k + E*(block_m-1) = 12 + 15 = 27 rows, ceil(27/4) = 7 blocks
    assertThat(a.sortedIds()).hasSize(27).startsWith(3, 6, 9, 12, 0, 4, 10, 12, 1, 7, 11, 12, 2, 5, 8, 12);
    assertThat(Arrays.copyOfRange(a.sortedIds(), 16, 27)).containsOnly(12);
    assertThat(a.expertIds()).containsExactly(1, 2, 3, 4, -1, -1, -1);
    assertThat(a.numTokensPostPadded()).isEqualTo(16);
    assertThat(a.blocks()).isEqualTo(7);
  }

  @Test
  void activeExpertsCountsTheExpertsOfWorkBlocksOnly() {
    // block size 1: experts 0 (3 blocks), 2 (2 blocks), 5 (1 block) carry work; block 6 lies past the
    // padded total and names expert 3, which must not count
    AlignedLayout a = new AlignedLayout(new int[7], new int[] {0, 0, 0, 2, 2, 5, 3}, 6, 6, 1);
    assertThat(a.workBlocks()).isEqualTo(6);
    assertThat(a.activeExperts()).isEqualTo(3);
  }

  @Test
  void largestExpertBlocksIsTheLongestRunOfWorkBlocksOfOneExpert() {
    // expert 3 past the padded total has 4 blocks, which must not count; the -1 block is no expert's
    AlignedLayout a = new AlignedLayout(new int[10], new int[] {0, 0, 2, 2, 2, -1, 5, 3, 3, 3}, 7, 7, 1);
    assertThat(a.largestExpertBlocks()).isEqualTo(3);
    assertThat(new AlignedLayout(new int[2], new int[] {-1, -1}, 0, 0, 1).largestExpertBlocks()).isZero();
  }

  @Test
  void largestExpertBlocksOfAnAlignedRoutingIsItsBusiestExpertsBlocks() {
    RoutingTable r = RoutingGenerator.generate(Archetype.parse("zipf1"), 300, 64, 8, 11, true);
    int busiest = Arrays.stream(r.expertLoads()).max().orElseThrow();
    assertThat(MoeAlign.align(r, 4).withEngineCapacity(64).largestExpertBlocks()).isEqualTo((busiest + 3) / 4);
  }

  @Test
  void runPiecesCutEachExpertsRunFromItsStart() {
    // the same layout, with an expert -1 block before the end of the work blocks (another weight chunk's)
    AlignedLayout a = new AlignedLayout(new int[8], new int[] {0, 0, 0, 2, 2, -1, 5, 3}, 7, 7, 1);
    assertThat(a.runPieces(1)).containsExactly(0, 1, 2, 3, 4, 6);
    assertThat(a.runPieces(2)).containsExactly(0, 2, 3, 6);
    assertThat(a.runPieces(4)).containsExactly(0, 3, 6);
    assertThatThrownBy(() -> a.runPieces(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void runPiecesOfAnAlignedRoutingNeverStraddleExperts() {
    SplitMix64 rng = new SplitMix64(5);
    AlignedLayout a = MoeAlign.align(RoutingGenerator.generate(Archetype.parse("zipf1"), 300, 64, 8, rng.nextLong(), true), 4)
        .withEngineCapacity(64);
    for (int r : new int[] {1, 2, 4}) {
      int[] pieces = a.runPieces(r);
      int covered = 0;
      for (int p = 0; p < pieces.length; p++) {
        int end = p + 1 < pieces.length ? pieces[p + 1] : a.workBlocks();
        assertThat(end - pieces[p]).isBetween(1, r);
        for (int b = pieces[p]; b < end; b++) {
          assertThat(a.expertIds()[b]).isEqualTo(a.expertIds()[pieces[p]]);
        }
        covered += end - pieces[p];
      }
      assertThat(covered).isEqualTo(a.workBlocks());
    }
  }

  @Test
  void blockSizeOneNeedsNoPadding() {
    RoutingTable r = new RoutingTable(2, 2, 3, new int[] {2, 0, 0, 1}, "x");
    AlignedLayout a = MoeAlign.align(r, 1);
    assertThat(a.sortedIds()).containsExactly(1, 2, 3, 0);
    assertThat(a.expertIds()).containsExactly(0, 0, 1, 2);
  }

  @Test
  void propertiesHoldOnRandomRoutings() {
    SplitMix64 rng = new SplitMix64(99);
    List<RoutingTable> routings = new ArrayList<>();
    for (String name : new String[] {"balanced", "uniform", "zipf1", "zipf2", "hot16", "hot:1"}) {
      routings.add(RoutingGenerator.generate(Archetype.parse(name), 1 + rng.nextInt(700), 256, 8, rng.nextLong(), true));
    }
    for (int i = 0; i < 40; i++) {
      routings.add(randomRouting(rng));
    }
    for (RoutingTable r : routings) {
      for (int blockM : new int[] {1, 3, 8, 16, 32, 64, 128}) {
        checkProperties(r, MoeAlign.align(r, blockM));
        checkEngineBuffers(r, MoeAlign.align(r, blockM));
      }
    }
  }

  @Test
  void refusesABadBlockSize() {
    RoutingTable r = new RoutingTable(1, 1, 1, new int[] {0}, "x");
    assertThatThrownBy(() -> MoeAlign.align(r, 0)).isInstanceOf(InputException.class)
        .hasMessage("block_m must be > 0 (got 0)");
  }

  /** A routing with few experts so that many have no rows: T in 1..300, E in 1..40. */
  private static RoutingTable randomRouting(SplitMix64 rng) {
    int experts = 1 + rng.nextInt(40);
    int topK = 1 + rng.nextInt(Math.min(experts, 8));
    int tokens = 1 + rng.nextInt(300);
    int allowed = Math.max(topK, rng.nextInt(experts + 1)); // only the first experts get rows
    int[] ids = new int[tokens * topK];
    for (int t = 0; t < tokens; t++) {
      int[] perm = IntStream.range(0, allowed).toArray();
      for (int j = 0; j < topK; j++) { // partial Fisher-Yates: distinct ids
        int k = j + rng.nextInt(allowed - j);
        int tmp = perm[j];
        perm[j] = perm[k];
        perm[k] = tmp;
        ids[t * topK + j] = perm[j];
      }
    }
    return new RoutingTable(tokens, topK, experts, ids, "random");
  }

  private static void checkProperties(RoutingTable r, AlignedLayout a) {
    int numel = r.routedRows();
    int blockM = a.blockM();
    int[] loads = r.expertLoads();
    int[] sorted = a.sortedIds();
    assertThat(a.sentinel()).isEqualTo(numel);
    int padded = Arrays.stream(loads).map(c -> (c + blockM - 1) / blockM * blockM).sum();
    assertThat(a.numTokensPostPadded()).isEqualTo(padded).isEqualTo(sorted.length);
    assertThat(a.blocks()).isEqualTo(padded / blockM);
    assertThat(a.expertIds()).isSorted();
    int[] seen = new int[numel];
    for (int b = 0; b < a.blocks(); b++) {
      int expert = a.expertIds()[b];
      assertThat(loads[expert]).isPositive(); // experts without rows get no block
      boolean sentinelSeen = false;
      for (int p = b * blockM; p < (b + 1) * blockM; p++) {
        int row = sorted[p];
        if (row == numel) {
          sentinelSeen = true;
          continue;
        }
        assertThat(sentinelSeen).as("real rows before padding in block %d", b).isFalse();
        assertThat(r.ids()[row]).as("row %d in a block of expert %d", row, expert).isEqualTo(expert);
        seen[row]++;
        if (p > 0 && sorted[p - 1] != numel && a.expertIds()[(p - 1) / blockM] == expert) {
          assertThat(sorted[p - 1]).isLessThan(row); // ascending row within an expert
        }
      }
      boolean lastBlockOfExpert = b + 1 == a.blocks() || a.expertIds()[b + 1] != expert;
      if (!lastBlockOfExpert) {
        assertThat(sentinelSeen).as("only an expert's last block is padded").isFalse();
      }
    }
    assertThat(seen).as("every routed row exactly once").containsOnly(1);
    for (int e = 0; e < loads.length; e++) {
      final int expert = e;
      long blocksOfE = Arrays.stream(a.expertIds()).filter(x -> x == expert).count();
      assertThat(blocksOfE).isEqualTo((loads[e] + blockM - 1) / blockM);
    }
  }

  private static void checkEngineBuffers(RoutingTable r, AlignedLayout a) {
    AlignedLayout engine = a.withEngineCapacity(r.experts());
    int capacity = r.routedRows() + r.experts() * (a.blockM() - 1);
    assertThat(engine.sortedIds()).hasSize(capacity);
    assertThat(Arrays.copyOf(engine.sortedIds(), a.numTokensPostPadded())).isEqualTo(a.sortedIds());
    assertThat(Arrays.stream(engine.sortedIds(), a.numTokensPostPadded(), capacity)).allMatch(id -> id == a.sentinel());
    assertThat(engine.expertIds()).hasSize((capacity + a.blockM() - 1) / a.blockM());
    assertThat(Arrays.copyOf(engine.expertIds(), a.blocks())).isEqualTo(a.expertIds());
    assertThat(Arrays.stream(engine.expertIds(), a.blocks(), engine.blocks())).allMatch(id -> id == -1);
    assertThat(engine.numTokensPostPadded()).isEqualTo(a.numTokensPostPadded());
  }
}
