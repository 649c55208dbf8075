package io.moebench.core.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimingStatsTest {

  @Test
  void medianNanosOfAnOddCountIsTheMiddleSample() {
    assertThat(TimingStats.medianNanos(new long[] {30, 10, 20})).isEqualTo(20);
    assertThat(TimingStats.medianNanos(new long[] {7})).isEqualTo(7);
  }

  @Test
  void medianNanosOfAnEvenCountIsTheMeanOfTheTwoMiddleSamplesRoundedHalfUp() {
    assertThat(TimingStats.medianNanos(new long[] {40, 10, 30, 20})).isEqualTo(25);
    assertThat(TimingStats.medianNanos(new long[] {2, 1})).isEqualTo(2); // 1.5
    // exact at device-timer magnitudes (seconds in nanoseconds), where a trip through microseconds could drift
    assertThat(TimingStats.medianNanos(new long[] {3_000_000_001L, 3_000_000_004L})).isEqualTo(3_000_000_003L);
  }

  @Test
  void medianNanosAgreesWithMedianUsAndLeavesItsInputAlone() {
    long[] nanos = {900, 100, 500, 300, 700, 200};
    long[] copy = nanos.clone();
    long median = TimingStats.medianNanos(nanos);
    assertThat(median).isEqualTo(400);
    assertThat(nanos).containsExactly(copy);
    assertThat(TimingStats.of(nanos, true).medianUs()).isEqualTo(median / 1e3);
  }

  @Test
  void noSamplesIsRefused() {
    assertThatThrownBy(() -> TimingStats.medianNanos(new long[0])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no samples");
  }
}
