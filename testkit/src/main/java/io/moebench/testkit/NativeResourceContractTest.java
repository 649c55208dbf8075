package io.moebench.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import io.moebench.core.routing.RoutingTable;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendProvider;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Resource discipline of a backend (ARCHITECTURE.md, "Native resources"): many prepare / bind /
 * launch / output / close cycles leave no native handles, file descriptors or process memory
 * behind; closing twice is harmless in any order; use after close fails with an
 * IllegalStateException that names what is closed. Cycles: {@code -Dmoebench.leakCycles} (100).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class NativeResourceContractTest {
  public static final String CYCLES_PROPERTY = "moebench.leakCycles";
  /** Cycles before the baseline, so that kernel caches, driver pools and the JIT have settled. */
  static final int WARMUP_CYCLES = 50;
  /**
   * Allowed VmRSS growth: the Java heap and driver pools move by a few MiB between measurements
   * (docs/RELIABILITY.md records what was seen), while each cycle allocates over 1 MiB of device
   * memory (weights, on CPU devices host memory), so leaking them would pass this bound within 32
   * cycles.
   */
  static final long RSS_NOISE_BYTES = 32L << 20;
  /**
   * The contract suite's gemm1 kernel (K = N = 256, G = 64, block_m 32) with 32 experts: 1 MiB of
   * int4 weights plus scales per prepare; one token routed to two experts keeps each launch small.
   */
  private static final MoeShape SHAPE = new MoeShape("gemm1", 32, 256, 256, 64, 32, MoeShape.ActivationRows.PER_TOKEN);

  private QuantizedExperts weights;
  private GemmProblem problem;

  /** The provider under test. */
  protected abstract BackendProvider provider();

  /** Options for open(). */
  protected BackendConfig config() {
    return BackendConfig.DEFAULT;
  }

  @BeforeAll
  void inputs() {
    Devices.requireAvailable(provider());
    weights = weights();
    problem = problem();
  }

  private static QuantizedExperts weights() {
    return SyntheticCase.weights(SHAPE, WeightLayout.EXLLAMA, Dtype.BF16, false, 3);
  }

  private static GemmProblem problem() {
    RoutingTable routing = SyntheticCase.routing(Archetype.parse("zipf1"), 1, SHAPE.experts(), 2, 3, false);
    return SyntheticCase.problem(SHAPE, routing, Dtype.BF16, 3);
  }

  @Test
  void cyclesLeaveNoHandlesFilesOrMemoryBehind() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc");
    String options = config().options().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
    List<String> args = List.of(provider().getClass().getName(), options, String.valueOf(WARMUP_CYCLES),
        String.valueOf(Integer.getInteger(CYCLES_PROPERTY, 100)));
    ChildJvm.Result r = ChildJvm.run(LeakCycles.class, Map.of(), LeakCycles.HEAP, args, 900);
    Matcher m = LeakCycles.REPORT.matcher(r.output());
    assertThat(r.exitCode() == 0 && m.find()).as(r.output()).isTrue();
    System.out.println(m.group());
    assertThat(m.group(3)).as("native handles").isEqualTo(m.group(2));
    assertThat(Long.parseLong(m.group(5))).as("open file descriptors").isLessThanOrEqualTo(Long.parseLong(m.group(4)));
    long growth = (Long.parseLong(m.group(7)) - Long.parseLong(m.group(6))) * 1024;
    assertThat(growth).as("VmRSS growth in bytes").isLessThan(RSS_NOISE_BYTES);
  }

  /**
   * The cycles, in a JVM of its own: its heap is fixed and touched from the start, so that VmRSS
   * moves with native memory only, not with the garbage collector. Prints one line, REPORT.
   */
  public static final class LeakCycles {
    static final List<String> HEAP = List.of("-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch");
    static final Pattern REPORT = Pattern.compile("(\\S+) leak check, \\d+ cycles after \\d+: "
        + "native handles (\\d+) -> (\\d+), open files (\\d+) -> (\\d+), VmRSS (\\d+) -> (\\d+) KiB");

    private LeakCycles() {}

    /** Arguments: provider class, options (k=v,...), warm-up cycles, measured cycles. */
    public static void main(String[] args) throws Exception {
      BackendProvider provider = (BackendProvider) Class.forName(args[0]).getConstructor().newInstance();
      int warmup = Integer.parseInt(args[2]);
      int cycles = Integer.parseInt(args[3]);
      QuantizedExperts weights = weights();
      GemmProblem problem = problem();
      try (Backend backend = provider.open(BackendConfig.parse(args[1]))) {
        cycle(backend, weights, problem, warmup);
        int handles = backend.openHandles();
        long[] before = processResources();
        cycle(backend, weights, problem, cycles);
        long[] after = processResources();
        System.out.printf(Locale.ROOT, "%s leak check, %d cycles after %d: native handles %d -> %d, "
            + "open files %d -> %d, VmRSS %d -> %d KiB%n", backend.id(), cycles, warmup, handles, backend.openHandles(),
            before[0], after[0], before[1], after[1]);
      }
    }

    /** prepare, bind, launch, read the output, close the bound gemm, close the weights. */
    private static void cycle(Backend backend, QuantizedExperts weights, GemmProblem problem, int times) {
      for (int i = 0; i < times; i++) {
        try (PreparedWeights w = backend.prepare(weights); BoundGemm g = backend.bind(w, problem)) {
          g.launch();
          if (g.output().length != problem.outputRows() * SHAPE.n()) {
            throw new IllegalStateException("output of " + g.output().length + " elements");
          }
        }
      }
    }

    /** Open file descriptors and VmRSS in KiB of this process. */
    private static long[] processResources() throws IOException {
      try (Stream<String> status = Files.lines(Path.of("/proc/self/status"));
          Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
        long files = fds.count();
        String rss = status.filter(l -> l.startsWith("VmRSS:")).findFirst().orElseThrow();
        return new long[] {files, Long.parseLong(rss.replaceAll("[^0-9]", ""))};
      }
    }
  }

  @Test
  void closingTwiceIsHarmlessInAnyOrder() {
    Backend backend = provider().open(config());
    PreparedWeights w = backend.prepare(weights);
    BoundGemm g = backend.bind(w, problem);
    g.launch();
    g.close();
    g.close();
    w.close();
    w.close();
    backend.close();
    backend.close();
    assertThat(backend.openHandles()).isZero();

    Backend first = provider().open(config()); // the backend closed before its children
    PreparedWeights orphanWeights = first.prepare(weights);
    BoundGemm orphan = first.bind(orphanWeights, problem);
    first.close();
    assertThat(first.openHandles()).isZero();
    orphan.close();
    orphanWeights.close();
    first.close();
    assertThat(first.openHandles()).isZero();
  }

  @Test
  void useAfterCloseFailsNamingWhatIsClosed() {
    String id = provider().id();
    Backend backend = provider().open(config());
    try {
      PreparedWeights w = backend.prepare(weights);
      BoundGemm g = backend.bind(w, problem);
      g.launch();

      BoundGemm closedGemm = backend.bind(w, problem);
      closedGemm.close();
      assertThatThrownBy(closedGemm::launch).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("gemm").hasMessageContaining("closed");
      assertThatThrownBy(closedGemm::output).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");

      PreparedWeights closedWeights = backend.prepare(weights);
      BoundGemm boundToClosed = backend.bind(closedWeights, problem);
      closedWeights.close();
      assertThatThrownBy(() -> backend.bind(closedWeights, problem)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("weights").hasMessageContaining("closed");
      assertThatThrownBy(boundToClosed::launch).as("a launch must not read freed weights")
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("weights").hasMessageContaining("closed");

      backend.close();
      assertThatThrownBy(() -> backend.prepare(weights)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(id).hasMessageContaining("closed");
      assertThatThrownBy(() -> backend.bind(w, problem)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(id).hasMessageContaining("closed");
      assertThatThrownBy(g::launch).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
      assertThatThrownBy(backend::flushCaches).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    } finally {
      backend.close();
    }
    assertThat(backend.openHandles()).isZero();
  }
}
