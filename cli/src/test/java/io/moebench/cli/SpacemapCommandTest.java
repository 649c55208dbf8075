package io.moebench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moebench.core.npy.NpyWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpacemapCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void defaultIsFiftyFiveRowsOfFiveArchetypesAndElevenTokenCounts() throws IOException {
    CliRun run = CliRun.of("spacemap", "--format", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode rows = JSON.readTree(run.out());
    assertThat(rows).hasSize(55);
    assertThat(rows.get(0).fieldNames()).toIterable().containsExactly("archetype", "T", "nvalid", "mean", "median", "max",
        "dead", "bm16_useful_pct", "bm16_sk8_pct", "bm32_useful_pct", "bm32_sk8_pct");
    assertThat(rows.get(54).get("archetype").asText()).isEqualTo("hot16");
    assertThat(rows.get(54).get("T").asInt()).isEqualTo(4096);
    assertThat(rows.get(54).get("dead").asInt()).isBetween(238, 240);
  }

  @Test
  void tableHasAHeaderAndOneLinePerPoint() {
    CliRun run = CliRun.of("spacemap");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines().count()).isEqualTo(2 + 55);
    assertThat(run.out().lines().findFirst().orElseThrow()).startsWith("archetype").contains("bm32_useful_pct");
  }

  @Test
  void aTraceGivesOneRowNamedAfterTheFile(@TempDir Path dir) throws IOException {
    Path trace = dir.resolve("layer3.npy");
    NpyWriter.writeInt32(trace, new long[] {4, 3}, new int[] {2, 3, 4, 1, 2, 4, 1, 3, 4, 1, 2, 3});
    CliRun run = CliRun.of("spacemap", "--trace", trace.toString(), "--experts", "5", "--block-m", "4", "--format", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode row = JSON.readTree(run.out()).get(0);
    assertThat(row.get("archetype").asText()).isEqualTo("layer3.npy");
    assertThat(row.get("nvalid").asInt()).isEqualTo(12);
    assertThat(row.get("dead").asInt()).isEqualTo(1);
    assertThat(row.get("median").asInt()).isEqualTo(3);
    assertThat(row.get("bm4_useful_pct").asDouble()).isEqualTo(75.0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"--tokens=0", "--tokens=-5", "--tokens=abc", "--top-k=300", "--archetypes=zipf3",
      "--archetypes=zipf:abc", "--archetypes=hot:0", "--block-m=0", "--experts=0", "--format=xml", "--nope"})
  void badInputIsOneLineAndExitCode2(String arg) {
    CliRun run = CliRun.of("spacemap", arg);
    assertThat(run.isOneLineUsageError()).as("%s -> %d %s", arg, run.exitCode(), run.err()).isTrue();
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aMalformedTraceIsNamedInTheError(@TempDir Path dir) throws IOException {
    Path trace = dir.resolve("bad.csv");
    Files.writeString(trace, "1,2,3\n4,4,5\n");
    CliRun run = CliRun.of("spacemap", "--trace", trace.toString());
    assertThat(run.isOneLineUsageError()).as(run.err()).isTrue();
    assertThat(run.err()).contains("bad.csv").contains("twice");
  }

  @Test
  void verboseAddsTheStackTrace() {
    CliRun run = CliRun.of("spacemap", "--verbose", "--trace", "/nonexistent/trace.npy");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("no such file").contains("\tat ");
  }
}
