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
import java.util.function.LongUnaryOperator;
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

  /** A GPU whose launches each take {@code wallNanos} of the fake clock and report {@code deviceNanos(now)}. */
  private static final class FakeGpu {
    final Backend backend = mock(Backend.class);
    final BoundGemm gemm = mock(BoundGemm.class);
    long now;

    FakeGpu(long wallNanos, LongUnaryOperator deviceNanos) {
      when(backend.device()).thenReturn(device("gpu"));
      when(gemm.launch()).thenAnswer(i -> {
        long reported = deviceNanos.applyAsLong(now);
        now += wallNanos;
        return new LaunchTiming(reported, true);
      });
    }

    TimingStats time(TimingPolicy policy) {
      return new Harness(() -> now).time(backend, gemm, policy);
    }
  }

  @Test
  void warmUpLastsAtLeastTheWarmUpTime() {
    FakeGpu gpu = new FakeGpu(10_000_000L, now -> 1_000);
    gpu.time(new TimingPolicy(1, 200, 2, false));
    // 20 launches of 10 ms reach 200 ms; then two rounds of 10 launches (over 40 ms each) agree: settled
    verify(gpu.gemm, times(20 + 2 * Harness.ROUND + 2)).launch();
  }

  /** Clocks that rise late: the launches get faster during the warm-up; timing starts once they stop. */
  @Test
  void warmUpGoesOnWhileTheLaunchesGetFaster() {
    // 1 ms launches; 20 ms minimum, rounds of 10 launches: rounds at 20, 30, 40 and 50 ms
    FakeGpu gpu = new FakeGpu(1_000_000L, now -> now < 30_000_000L ? 5_000 : now < 40_000_000L ? 4_000 : 1_000);
    TimingStats stats = gpu.time(new TimingPolicy(1, 20, 3, false));
    assertThat(stats.maxUs()).as("no timed launch before the clocks settled").isEqualTo(1.0);
    verify(gpu.gemm, times(20 + 4 * Harness.ROUND + 3)).launch();
  }

  /** A round only 1 % faster than the one before counts as settled. */
  @Test
  void roundsWithinTwoPercentCountAsSettled() {
    // 10 ms launches, 100 ms minimum, rounds of 10 launches (100 ms): each round 1 % faster than the last
    FakeGpu gpu = new FakeGpu(10_000_000L, now -> Math.round(1e6 * Math.pow(0.99, now / 100_000_000L)));
    gpu.time(new TimingPolicy(0, 100, 1, false));
    verify(gpu.gemm, times(10 + 2 * Harness.ROUND + 1)).launch();
  }

  /** No round starts after SETTLE_LIMIT times the warm-up time, even when every round is faster. */
  @Test
  void warmUpStopsAtItsLimitWhenTheLaunchesNeverSettle() {
    // 10 ms launches, 100 ms minimum, rounds of 100 ms each 10 % faster: rounds at 100, 200 and 300 ms
    FakeGpu gpu = new FakeGpu(10_000_000L, now -> Math.round(1e6 * Math.pow(0.9, now / 100_000_000L)));
    gpu.time(new TimingPolicy(0, 100, 1, false));
    verify(gpu.gemm, times(10 + (Harness.SETTLE_LIMIT - 1) * Harness.ROUND + 1)).launch();
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
