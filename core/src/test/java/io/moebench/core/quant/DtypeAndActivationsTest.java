package io.moebench.core.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.InputException;
import org.junit.jupiter.api.Test;

class DtypeAndActivationsTest {

  @Test
  void dtypesDelegateToTheirConversions() {
    assertThat(Dtype.BF16.fromFloat(1.5f)).isEqualTo(BFloat16.fromFloat(1.5f)).isEqualTo((short) 0x3fc0);
    assertThat(Dtype.FP16.fromFloat(1.5f)).isEqualTo(Half.fromFloat(1.5f)).isEqualTo((short) 0x3e00);
    assertThat(Dtype.BF16.toFloat((short) 0xc000)).isEqualTo(-2f);
    assertThat(Dtype.FP16.toFloat((short) 0xc000)).isEqualTo(-2f);
    assertThat(Dtype.BF16.toFloat(Dtype.POISON)).isNaN();
    assertThat(Dtype.FP16.toFloat(Dtype.POISON)).isNaN();
  }

  @Test
  void parsesIdsAndListsTheAllowedOnes() {
    assertThat(Dtype.parse("BF16")).isEqualTo(Dtype.BF16);
    assertThat(Dtype.parse(" fp16")).isEqualTo(Dtype.FP16);
    assertThat(Dtype.FP16).hasToString("fp16");
    assertThatThrownBy(() -> Dtype.parse("fp32")).isInstanceOf(InputException.class)
        .hasMessage("unknown dtype 'fp32': allowed values are bf16, fp16");
  }

  @Test
  void randomActivationsAreSeededRoundedAndInMinusOneToOne() {
    for (Dtype d : Dtype.values()) {
      Activations a = Activations.random(d, 5, 64, 3);
      assertThat(Activations.random(d, 5, 64, 3).bits()).isEqualTo(a.bits());
      assertThat(Activations.random(d, 5, 64, 4).bits()).isNotEqualTo(a.bits());
      for (int r = 0; r < 5; r++) {
        for (int c = 0; c < 64; c++) {
          float v = a.get(r, c);
          assertThat(v).isBetween(-1f, 1f);
          assertThat(d.fromFloat(v)).isEqualTo(a.bits()[r * 64 + c]);
        }
      }
    }
  }

  @Test
  void activationsRefuseAMismatchedSize() {
    assertThatThrownBy(() -> new Activations(Dtype.BF16, 2, 3, new short[5])).isInstanceOf(InputException.class)
        .hasMessage("activations: 5 values for [2, 3]");
  }
}
