package io.moebench.core.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.DeviceInfo;
import io.moebench.core.spi.LaunchTiming;
import org.junit.jupiter.api.Test;
import java.util.Map;
import java.util.function.LongSupplier;
import org.mockito.InOrder;

/** The harness owns warm-up, repetition and flushing; backends only launch (mocked here, never native types). */
class HarnessTest {

  @Test
  void coldModeFlushesBeforeEveryTimedLaunchAndNotBeforeWarmUps() {
    Backend backend = mock(Backend.class);
    BoundGemm gemm = mock(BoundGemm.class);
    when(gemm.launch()).thenReturn(new LaunchTiming(1_000, true));
    new Harness().time(backend, gemm, new TimingPolicy(2, 0, 3, true));
    InOrder order = inOrder(backend, gemm);
    order.verify(gemm, times(2)).launch();
    for (int i = 0; i < 3; i++) {
      order.verify(backend).flushCaches();
      order.verify(gemm).launch();
    }
  }

  @Test
  void warmModeNeverFlushes() {
    Backend backend = mock(Backend.class);
    BoundGemm gemm = mock(BoundGemm.class);
    when(gemm.launch()).thenReturn(new LaunchTiming(1_000, true));
    new Harness().time(backend, gemm, new TimingPolicy(1, 0, 4, false));
    verify(backend, never()).flushCaches();
    verify(gemm, times(5)).launch();
  }

  @Test
  void statisticsComeFromTheTimedLaunchesOnly() {
    Backend backend = mock(Backend.class);
    BoundGemm gemm = mock(BoundGemm.class);
    // a slow warm-up (compilation, clocks) must not count
    when(gemm.launch()).thenReturn(new LaunchTiming(99_000_000, true), new LaunchTiming(4_000, true),
        new LaunchTiming(1_000, true), new LaunchTiming(3_000, true), new LaunchTiming(2_000, true));
    TimingStats s = new Harness().time(backend, gemm, new TimingPolicy(1, 0, 4, true));
    assertThat(s.samples()).isEqualTo(4);
    assertThat(s.medianUs()).isEqualTo(2.5);
    assertThat(s.minUs()).isEqualTo(1.0);
    assertThat(s.maxUs()).isEqualTo(4.0);
    assertThat(s.p90Us()).isEqualTo(4.0);
    assertThat(s.deviceTimer()).isTrue();
  }

  @Test
  void oneHostTimedLaunchMarksTheStatisticsHostTimed() {
    Backend backend = mock(Backend.class);
    BoundGemm gemm = mock(BoundGemm.class);
    when(gemm.launch()).thenReturn(new LaunchTiming(1_000, true), new LaunchTiming(1_000, false));
    assertThat(new Harness().time(backend, gemm, new TimingPolicy(0, 0, 2, false)).deviceTimer()).isFalse();
  }

  @Test
  void warmUpLastsAtLeastTheWarmUpTime() {
    Backend backend = mock(Backend.class);
    BoundGemm gemm = mock(BoundGemm.class);
    when(gemm.launch()).thenReturn(new LaunchTiming(1_000, true));
    when(backend.device()).thenReturn(device("gpu"));
    long[] now = {0};
    LongSupplier clock = () -> now[0] += 50_000_000L; // each reading 50 ms later
    new Harness(clock).time(backend, gemm, new TimingPolicy(1, 200, 2, false));
    // the count is met after one launch; the clock reads 100, 150, 200 ms after the start; then two rounds
    // of equal times: settled
    verify(gemm, times(4 + 2 * Harness.ROUND + 2)).launch();
  }

  /** Clocks that rise late: the launches get faster during the warm-up; timing starts once they stop. */
  @Test
  void warmUpGoesOnWhileTheLaunchesGetFaster() {
    Backend backend = mock(Backend.class);
    BoundGemm gemm = mock(BoundGemm.class);
    int[] launches = {0};
    // 5 us for the 4 launches of the warm-up time and the first round, 4 us for the next round, then 1 us
    when(gemm.launch()).thenAnswer(i -> new LaunchTiming(++launches[0] <= 14 ? 5_000 : launches[0] <= 24 ? 4_000 : 1_000,
        true));
    when(backend.device()).thenReturn(device("gpu"));
    long[] now = {0};
    TimingStats stats = new Harness(() -> now[0] += 1_000_000L).time(backend, gemm, new TimingPolicy(1, 5, 3, false));
    assertThat(stats.medianUs()).isEqualTo(1.0);
    assertThat(stats.maxUs()).as("no timed launch before the clocks settled").isEqualTo(1.0);
  }

  /** The settling check ends after SETTLE_LIMIT times the warm-up time even when every round is faster. */
  @Test
  void warmUpStopsAtItsLimitWhenTheLaunchesNeverSettle() {
    Backend backend = mock(Backend.class);
    BoundGemm gemm = mock(BoundGemm.class);
    long[] nanos = {1_000_000_000_000L};
    when(gemm.launch()).thenAnswer(i -> new LaunchTiming(nanos[0] = nanos[0] * 99 / 100, true));
    when(backend.device()).thenReturn(device("gpu"));
    long[] now = {0};
    new Harness(() -> now[0] += 10_000_000L).time(backend, gemm, new TimingPolicy(0, 100, 1, false));
    // clock readings 10 ms apart: 10 launches reach 100 ms, then one reading per round up to 400 ms
    verify(gemm, times(9 + Harness.ROUND * (Harness.SETTLE_LIMIT * 10 - 10) + 1)).launch();
  }

  @Test
  void cpuDevicesSkipTheWarmUpTime() {
    Backend backend = mock(Backend.class);
    BoundGemm gemm = mock(BoundGemm.class);
    when(gemm.launch()).thenReturn(new LaunchTiming(1_000, true));
    when(backend.device()).thenReturn(device("cpu"));
    long[] now = {0};
    new Harness(() -> now[0] += 50_000_000L).time(backend, gemm, new TimingPolicy(1, 200, 2, false));
    verify(gemm, times(1 + 2)).launch();
  }

  private static DeviceInfo device(String type) {
    return new DeviceInfo("test", "test", "1", 1, 1L << 30, 0, Map.of(DeviceInfo.TYPE, type));
  }
}
