package io.moebench.core.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.Activations;
import io.moebench.core.quant.Dtype;
import io.moebench.core.routing.RoutingTable;
import org.junit.jupiter.api.Test;

class RoutingWorkTest {
  private static final int TOP_K = 2;
  // 4 tokens, top_k 2 over 4 experts: loads 3, 2, 2, 1 rows, so blocks of 2 rows give 2 + 1 + 1 + 1 = 5 blocks
  private static final RoutingTable ROUTING = new RoutingTable(4, TOP_K, 4, new int[] {0, 1, 0, 2, 0, 3, 1, 2}, "test");

  @Test
  void gemm1TakesTheRoutersTokensBlocksAndActiveExperts() {
    GemmProblem p = SyntheticCase.problem(MoeShape.gemm1(4, 128, 2), ROUTING, Dtype.BF16, 1);
    assertThat(RoutingWork.of(p, TOP_K)).isEqualTo(new RoutingWork(4, 5, 4, 2));
  }

  @Test
  void gemm2SeesOneRoutedRowPerTokenYetKeepsTheRoutersTokens() {
    GemmProblem p = SyntheticCase.problem(MoeShape.gemm2(4, 128, 2), ROUTING, Dtype.BF16, 1);
    assertThat(p.routing().tokens()).isEqualTo(8); // the problem's own token count: T * top_k
    assertThat(RoutingWork.of(p, TOP_K)).isEqualTo(new RoutingWork(4, 5, 4, 2));
  }

  @Test
  void gemm2GivenTheRoutersOwnTableGivesTheSameWork() {
    MoeShape gemm2 = MoeShape.gemm2(4, 128, 2);
    GemmProblem p = GemmProblem.of(gemm2, ROUTING, Activations.random(Dtype.BF16, 8, gemm2.k(), 1));
    assertThat(RoutingWork.of(p, TOP_K)).isEqualTo(new RoutingWork(4, 5, 4, 2));
  }

  @Test
  void aWorkThatNoRoutingCanMakeIsRefused() {
    assertThatThrownBy(() -> new RoutingWork(4, 5, 4, 1)).as("5 blocks over 4 experts put 2 on one")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("largest 1");
    assertThatThrownBy(() -> new RoutingWork(4, 5, 4, 3)).as("3 on one leave 2 for the other 3 experts")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("largest 3");
    assertThatThrownBy(() -> new RoutingWork(4, 4, 5, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theKeyReadsBackAndOlderKeysAreNotKeys() {
    RoutingWork work = new RoutingWork(1536, 512, 256, 3);
    assertThat(work.key()).isEqualTo("T1536.B512.X256.L3");
    assertThat(RoutingWork.parse(work.key())).isEqualTo(work);
    assertThatThrownBy(() -> RoutingWork.parse("T1536.B512.X256")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RoutingWork.parse("T1536.B512.L3.X256")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTopKThatDoesNotDivideTheRoutedRowsIsRefused() {
    GemmProblem gemm1 = SyntheticCase.problem(MoeShape.gemm1(4, 128, 2), ROUTING, Dtype.BF16, 1);
    assertThatThrownBy(() -> RoutingWork.of(gemm1, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("top_k 3 does not divide gemm1's 8 routed rows");
    assertThatThrownBy(() -> RoutingWork.of(gemm1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("top_k 0");
  }
}
