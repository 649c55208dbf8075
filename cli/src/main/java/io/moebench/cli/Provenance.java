package io.moebench.cli;

import io.moebench.core.bench.BenchPlan;
import io.moebench.core.harness.Harness;
import io.moebench.core.model.MoeShape;
import io.moebench.core.routing.Archetype;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.DeviceInfo;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a results file records about how it was made, so a number can be reproduced and compared. */
public final class Provenance {
  private Provenance() {}

  public static Map<String, Object> of(String commandLine, BenchPlan plan, Backend kernel, Backend baseline) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tool", "moe-bench");
    m.put("version", VersionInfo.version());
    m.put("git_commit", VersionInfo.commit());
    m.put("command_line", commandLine);
    m.put("date", now());
    m.put("complete", false); // set to true when every point is written: a partial file says so
    m.put("jvm", System.getProperty("java.version") + " " + System.getProperty("java.vm.name") + " ("
        + System.getProperty("java.vm.vendor") + ")");
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    m.put("kernel", backend(kernel));
    m.put("baseline", baseline == null ? null : backend(baseline));
    m.put("shapes", plan.gemms().stream().map(g -> shape(plan.shape(g))).toList());
    m.put("plan", plan(plan));
    return m;
  }

  /** The parameters that decide which points exist and what they measure; a resume must match them all. */
  public static Map<String, Object> plan(BenchPlan plan) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("gemms", plan.gemms());
    m.put("archetypes", plan.archetypes().stream().map(Archetype::name).toList());
    m.put("tokens", plan.tokens());
    m.put("experts", plan.experts());
    m.put("top_k", plan.topK());
    m.put("seed", plan.seed());
    m.put("shuffle_ids", plan.shuffleIds());
    m.put("dtype", plan.dtype().id());
    m.put("layout", plan.layout().id());
    m.put("group_size", plan.groupSize());
    m.put("block_m", plan.blockM());
    m.put("zero_points", plan.zeroPoints());
    m.put("timing", plan.timing().mode());
    m.put("warmup", plan.timing().warmup());
    m.put("warmup_ms", plan.timing().warmupMillis());
    m.put("warmup_rule", Harness.WARMUP_RULE);
    m.put("iterations", plan.timing().iterations());
    return m;
  }

  static Map<String, Object> backend(Backend b) {
    DeviceInfo d = b.device();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", b.id());
    m.put("version", implementationVersion(b));
    m.put("device", d.name());
    m.put("vendor", d.vendor());
    m.put("driver", d.driver());
    m.put("matrix_path", b.capabilities().matrixPath());
    m.put("compute_units", d.computeUnits());
    m.put("memory_bytes", d.memoryBytes());
    m.put("details", d.extra());
    return m;
  }

  private static Map<String, Object> shape(MoeShape s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("E", s.experts());
    m.put("K", s.k());
    m.put("N", s.n());
    m.put("group_size", s.groupSize());
    m.put("block_m", s.blockM());
    m.put("activations", s.activations().name().toLowerCase(java.util.Locale.ROOT));
    return m;
  }

  private static String implementationVersion(Backend b) {
    String v = b.getClass().getPackage().getImplementationVersion();
    return v != null ? v : VersionInfo.version();
  }

  public static String now() {
    return OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  /** "moe-bench sweep --tokens 16,64" from the arguments as given. */
  public static String commandLine(List<String> args) {
    return "moe-bench " + String.join(" ", args);
  }
}
