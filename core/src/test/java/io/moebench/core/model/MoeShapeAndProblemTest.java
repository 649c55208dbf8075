package io.moebench.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.InputException;
import io.moebench.core.align.MoeAlign;
import io.moebench.core.quant.Activations;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import io.moebench.core.routing.RoutingTable;
import org.junit.jupiter.api.Test;

class MoeShapeAndProblemTest {

  @Test
  void presetsAreTheTwoPrefillGemms() {
    MoeShape g1 = MoeShape.preset(1, 256, 128, 32);
    assertThat(g1).isEqualTo(new MoeShape("gemm1", 256, 2048, 1024, 128, 32, MoeShape.ActivationRows.PER_TOKEN));
    MoeShape g2 = MoeShape.preset(2, 256, 128, 32);
    assertThat(g2).isEqualTo(new MoeShape("gemm2", 256, 512, 2048, 128, 32, MoeShape.ActivationRows.PER_ROUTED_ROW));
    assertThat(g1.groups()).isEqualTo(16);
    assertThat(g1.activationRows(100, 8)).isEqualTo(100);
    assertThat(g2.activationRows(100, 8)).isEqualTo(800);
    assertThat(g1.rowDivisor(8)).isEqualTo(8);
    assertThat(g2.rowDivisor(8)).isEqualTo(1);
    assertThat(g1.withBlockM(16).blockM()).isEqualTo(16);
    assertThatThrownBy(() -> MoeShape.preset(3, 256, 128, 32)).isInstanceOf(InputException.class)
        .hasMessageStartingWith("unknown gemm 3: allowed values are 1 (up/gate");
  }

  @Test
  void refusesInvalidShapesNamingTheField() {
    assertThatThrownBy(() -> new MoeShape("x", 0, 128, 8, 128, 32, MoeShape.ActivationRows.PER_TOKEN))
        .isInstanceOf(InputException.class).hasMessage("experts must be > 0 (got 0)");
    assertThatThrownBy(() -> new MoeShape("x", 8, 128, 9, 128, 32, MoeShape.ActivationRows.PER_TOKEN))
        .hasMessage("N must be a positive even number (got 9)");
    assertThatThrownBy(() -> new MoeShape("x", 8, 128, 8, 100, 32, MoeShape.ActivationRows.PER_TOKEN))
        .hasMessageStartingWith("group size must be a positive multiple of 8");
    assertThatThrownBy(() -> new MoeShape("x", 8, 200, 8, 128, 32, MoeShape.ActivationRows.PER_TOKEN))
        .hasMessage("K must be a positive multiple of the group size 128 (got 200)");
    assertThatThrownBy(() -> MoeShape.gemm1(8, 128, 0)).hasMessage("block_m must be between 1 and 1024 (got 0)");
  }

  @Test
  void gemm2SeesEveryRoutedRowAsATokenWithTheSameLayout() {
    RoutingTable r = SyntheticCase.routing(Archetype.parse("zipf1"), 50, 16, 4, 3, false);
    MoeShape g1 = MoeShape.gemm1(16, 128, 16);
    MoeShape g2 = MoeShape.gemm2(16, 128, 16);
    GemmProblem p1 = SyntheticCase.problem(g1, r, Dtype.BF16, 3);
    GemmProblem p2 = SyntheticCase.problem(g2, r, Dtype.BF16, 3);
    assertThat(p1.activations().rows()).isEqualTo(50);
    assertThat(p2.activations().rows()).isEqualTo(200);
    assertThat(p1.outputRows()).isEqualTo(200).isEqualTo(p2.outputRows());
    assertThat(p2.layout().sortedIds()).isEqualTo(p1.layout().sortedIds());
    assertThat(p2.layout().expertIds()).isEqualTo(p1.layout().expertIds());
    assertThat(p1.activationRow(199)).isEqualTo(49);
    assertThat(p2.activationRow(199)).isEqualTo(199);
    assertThat(p1.paddedFlops()).isEqualTo(2.0 * p1.layout().numTokensPostPadded() * 1024 * 2048);
    assertThat(p1.usefulFlops()).isEqualTo(2.0 * 200 * 1024 * 2048);
  }

  @Test
  void problemRefusesMismatchedParts() {
    MoeShape g1 = MoeShape.gemm1(16, 128, 16);
    RoutingTable r = SyntheticCase.routing(Archetype.parse("uniform"), 10, 16, 2, 0, false);
    Activations a = Activations.random(Dtype.FP16, 10, 2048, 0);
    assertThat(GemmProblem.of(g1, r, a).layout()).isEqualTo(MoeAlign.align(r, 16));
    RoutingTable other = SyntheticCase.routing(Archetype.parse("uniform"), 10, 32, 2, 0, false);
    assertThatThrownBy(() -> GemmProblem.of(g1, other, a)).isInstanceOf(InputException.class)
        .hasMessage("routing has 32 experts, the shape 16");
    assertThatThrownBy(() -> new GemmProblem(g1, r, MoeAlign.align(r, 32), a)).isInstanceOf(InputException.class)
        .hasMessage("aligned layout does not match the routing and block_m 16");
    Activations wrong = Activations.random(Dtype.FP16, 20, 2048, 0);
    assertThatThrownBy(() -> GemmProblem.of(g1, r, wrong)).isInstanceOf(InputException.class)
        .hasMessage("activations are [20, 2048], gemm1 needs [10, 2048]");
  }

  @Test
  void syntheticWeightsFollowTheShape() {
    MoeShape s = new MoeShape("small", 4, 256, 16, 64, 32, MoeShape.ActivationRows.PER_TOKEN);
    QuantizedExperts w = SyntheticCase.weights(s, WeightLayout.EXLLAMA, Dtype.FP16, true, 1);
    assertThat(w.experts()).isEqualTo(4);
    assertThat(w.n()).isEqualTo(16);
    assertThat(w.k()).isEqualTo(256);
    assertThat(w.groupSize()).isEqualTo(64);
    assertThat(w.layout()).isEqualTo(WeightLayout.EXLLAMA);
    assertThat(w.hasZeros()).isTrue();
    assertThat(w.sameWeights(SyntheticCase.weights(s, WeightLayout.GPTQ, Dtype.FP16, true, 1))).isTrue();
  }
}
