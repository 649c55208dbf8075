package io.moebench.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.quant.Dtype;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ComparisonTest {
  private static final int ROWS = 512;
  private static final int N = 256;

  private static short[] reference() {
    Random r = new Random(3);
    short[] ref = new short[ROWS * N];
    for (int i = 0; i < ref.length; i++) {
      ref[i] = Dtype.BF16.fromFloat((float) r.nextGaussian());
    }
    return ref;
  }

  @Test
  void identicalOutputsPass() {
    short[] ref = reference();
    Comparison c = Comparison.of(Dtype.BF16, ref.clone(), ref, N);
    assertThat(c.passed()).isTrue();
    assertThat(c.relativeError()).isZero();
    assertThat(c.worstRowError()).isZero();
  }

  @Test
  void oneCorruptedRowOfManyFailsByTheRowRule() {
    short[] ref = reference();
    short[] out = ref.clone();
    for (int col = 0; col < N; col++) { // row 77 holds row 78's values
      out[77 * N + col] = ref[78 * N + col];
    }
    Comparison c = Comparison.of(Dtype.BF16, out, ref, N);
    assertThat(c.relativeError()).isLessThan(Comparison.TOLERANCE); // the whole-output rule alone misses it
    assertThat(c.passed()).isFalse();
    assertThat(c.worstRow()).isEqualTo(77);
    assertThat(c.summary()).startsWith("row 77 has rel err");
  }

  @Test
  void anUnwrittenElementFailsAsNaN() {
    short[] ref = reference();
    short[] out = ref.clone();
    out[5 * N + 3] = Dtype.POISON;
    Comparison c = Comparison.of(Dtype.BF16, out, ref, N);
    assertThat(c.passed()).isFalse();
    assertThat(c.nanCount()).isOne();
    assertThat(c.where()).startsWith("row 5, col 3");
  }

  @Test
  void roundingNoiseOnEveryRowPasses() {
    short[] ref = reference();
    short[] out = new short[ref.length];
    for (int i = 0; i < ref.length; i++) { // one bf16 ulp off everywhere: about 4e-3 relative
      out[i] = (short) (ref[i] + ((i & 1) == 0 ? 1 : -1));
    }
    Comparison c = Comparison.of(Dtype.BF16, out, ref, N);
    assertThat(c.passed()).as(c.summary()).isTrue();
  }

  @Test
  void anAllZeroReferenceRowIsJudgedAgainstTheTypicalRowNorm() {
    short[] ref = reference();
    for (int col = 0; col < N; col++) {
      ref[9 * N + col] = 0;
    }
    short[] out = ref.clone();
    out[9 * N] = Dtype.BF16.fromFloat(1e-4f); // tiny absolute noise on a zero row: fine
    assertThat(Comparison.of(Dtype.BF16, out, ref, N).passed()).isTrue();
    out[9 * N] = Dtype.BF16.fromFloat(50f); // a real error on a zero row: caught
    assertThat(Comparison.of(Dtype.BF16, out, ref, N).passed()).isFalse();
  }
}
