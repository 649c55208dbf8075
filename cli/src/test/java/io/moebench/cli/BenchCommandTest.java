package io.moebench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
  private static final String[] SMALL = {"bench", "--backend", "cpu-ref", "--gemm", "1",
      "--archetypes", "zipf1", "--tokens", "16,32", "--experts", "16", "--iters", "2", "--warmup", "0"};

  private static String[] small(String... more) {
    List<String> a = new ArrayList<>(List.of(SMALL));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void tableHasTheDomainColumnsAndAWorstFirstSummary() {
    CliRun run = CliRun.of(small());
    assertThat(run.exitCode()).as(run.err()).isZero();
    String header = run.out().lines().filter(l -> l.startsWith("gemm")).findFirst().orElseThrow();
    assertThat(header.split("\\s+")).contains("archetype", "T", "nvalid", "blocks", "use_pct", "baseline_us", "kernel_us",
        "speedup_pct", "tflops", "rel_err");
    assertThat(run.out()).contains("worst first:").contains("2 points, 0 failed");
  }

  @Test
  void jsonAndCsvCarryTheSameFields(@TempDir Path dir) throws IOException {
    CliRun json = CliRun.of(small("--format", "json"));
    CliRun csv = CliRun.of(small("--format", "csv"));
    assertThat(json.exitCode()).isZero();
    assertThat(csv.exitCode()).isZero();
    JsonNode rows = new ObjectMapper().readTree(json.out());
    assertThat(rows).hasSize(2);
    List<String> keys = new ArrayList<>();
    rows.get(0).fieldNames().forEachRemaining(keys::add);
    assertThat(csv.out().lines().findFirst().orElseThrow()).isEqualTo(String.join(",", keys));
    assertThat(csv.out().lines().count()).isEqualTo(3);
    assertThat(rows.get(0).get("rel_err").asDouble()).isLessThan(1e-2);
  }

  @Test
  void outFolderGetsResultsFilesPointByPoint(@TempDir Path dir) throws IOException {
    CliRun run = CliRun.of(small("--out", dir.toString()));
    assertThat(run.exitCode()).isZero();
    assertThat(Files.readAllLines(dir.resolve("results.csv"))).hasSize(3);
    assertThat(new ObjectMapper().readTree(dir.resolve("results.json").toFile())).hasSize(2);
  }

  @Test
  void unknownBackendListsTheKnownOnes() {
    CliRun run = CliRun.of("bench", "--backend", "cuda", "--tokens", "16");
    assertThat(run.isOneLineUsageError()).as(run.err()).isTrue();
    assertThat(run.err()).contains("unknown backend 'cuda'").contains("cpu-ref");
  }

  @Test
  void baselineMustDifferFromTheKernel() {
    CliRun run = CliRun.of("bench", "--backend", "cpu-ref", "--baseline", "cpu-ref", "--tokens", "16");
    assertThat(run.isOneLineUsageError()).as(run.err()).isTrue();
  }
}
