package io.moebench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `spacemap --trace` against the independent Python implementation of DOMAIN.md, on traces that
 * numpy draws fresh for every run (neither implementation has seen them): integers equal,
 * percentages within 1e-9.
 */
class SpacemapReferenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void agreesWithTheIndependentImplementationOnUnseenTraces(@TempDir Path dir) throws IOException {
    PythonScripts.requireNumpy();
    long seed = System.nanoTime();
    String gen = String.join("\n",
        "import numpy as np, sys",
        "rng = np.random.default_rng(" + seed + ")",
        "d = sys.argv[1]",
        "for i in range(12):",
        "    E = int(rng.integers(8, 300)); k = int(rng.integers(1, min(E, 10) + 1)); T = int(rng.integers(1, 3000))",
        "    p = rng.dirichlet(np.full(E, float(rng.choice([0.05, 0.5, 5.0]))))",
        "    ids = np.stack([rng.choice(E, size=k, replace=False, p=p) for _ in range(T)])",
        "    ids = ids.astype(np.int64 if i % 2 else np.int32)",
        "    if i % 3 == 2:",
        "        np.savetxt(f'{d}/t{i}_E{E}.csv', ids, fmt='%d', delimiter=',')",
        "    else:",
        "        np.save(f'{d}/t{i}_E{E}.npy', ids)");
    PythonScripts.run(List.of("python3", "-c", gen, dir.toString()));
    List<Path> traces;
    try (var s = java.nio.file.Files.list(dir)) {
      traces = s.sorted().toList();
    }
    assertThat(traces).hasSize(12);
    for (Path trace : traces) {
      String name = trace.getFileName().toString();
      String experts = name.replaceAll(".*_E(\\d+)\\..*", "$1");
      CliRun ours = CliRun.of("spacemap", "--trace", trace.toString(), "--experts", experts, "--block-m", "16,32,8",
          "--format", "json");
      assertThat(ours.exitCode()).as(ours.err()).isZero();
      String theirs = PythonScripts.script("spacemap_reference.py", trace.toString(), "--experts", experts, "--block-m",
          "16,32,8");
      JsonNode a = JSON.readTree(ours.out()).get(0);
      JsonNode b = JSON.readTree(theirs).get(0);
      assertThat(fieldNames(a)).as(name).isEqualTo(fieldNames(b));
      for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (a.get(key).isIntegralNumber()) {
          assertThat(a.get(key).asLong()).as("%s %s (seed %d)", name, key, seed).isEqualTo(b.get(key).asLong());
        } else if (a.get(key).isNumber()) {
          assertThat(a.get(key).asDouble()).as("%s %s (seed %d)", name, key, seed).isCloseTo(b.get(key).asDouble(), within(1e-9));
        } else {
          assertThat(a.get(key).asText()).as(name).isEqualTo(b.get(key).asText());
        }
      }
    }
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
