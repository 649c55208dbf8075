package io.moebench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Small and CPU-only: cpu-ref against nothing else keeps it fast; 2 gemms x 2 archetypes x 3 T. */
  private static final List<String> SMALL = List.of("sweep", "--backend", "cpu-ref", "--experts", "8", "--archetypes",
      "zipf1,hot16", "--tokens", "8,16,24", "--iters", "2", "--warmup", "0");

  private static String[] args(Path out, String flag) {
    List<String> a = new ArrayList<>(SMALL);
    a.add(flag);
    a.add(out.toString());
    return a.toArray(String[]::new);
  }

  @Test
  void writesTheFourFilesWithProvenance(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("run");
    CliRun run = CliRun.of(args(out, "--out"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    for (String f : List.of("results.csv", "results.json", "spacemap.csv", "report.html")) {
      assertThat(out.resolve(f)).isNotEmptyFile();
    }
    JsonNode doc = JSON.readTree(out.resolve("results.json").toFile());
    JsonNode prov = doc.get("provenance");
    for (String key : List.of("version", "git_commit", "command_line", "date", "jvm", "kernel", "shapes", "plan")) {
      assertThat(prov.has(key)).as(key).isTrue();
    }
    assertThat(prov.get("plan").get("seed").asLong()).isZero();
    assertThat(prov.get("kernel").get("device").asText()).isNotBlank();
    assertThat(prov.get("plan").get("timing").asText()).isEqualTo("cold");
    assertThat(doc.get("points")).hasSize(12);
    assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(13);
    assertThat(Files.readAllLines(out.resolve("spacemap.csv"))).hasSize(1 + 6);
    assertThat(run.err()).contains("[12/12]");

    Files.delete(out.resolve("report.html"));
    CliRun report = CliRun.of("report", out);
    assertThat(report.exitCode()).as(report.transcript()).isZero();
    assertThat(Files.readString(out.resolve("report.html"))).contains("zipf1").contains("data:image/png;base64,");
  }

  @Test
  void refusesToOverwriteAndToResumeWithOtherParameters(@TempDir Path dir) {
    Path out = dir.resolve("run");
    assertThat(CliRun.of(args(out, "--out")).exitCode()).isZero();
    CliRun again = CliRun.of(args(out, "--out"));
    assertThat(again.isOneLineUsageError()).as(again.err()).isTrue();
    assertThat(again.err()).contains("--resume");

    List<String> other = new ArrayList<>(SMALL);
    other.set(other.indexOf("8,16,24"), "8,16");
    other.set(other.indexOf("8"), "16");
    other.addAll(List.of("--resume", out.toString()));
    CliRun differs = CliRun.of(other.toArray(String[]::new));
    assertThat(differs.isOneLineUsageError()).as(differs.err()).isTrue();
    assertThat(differs.err()).contains("tokens was [8, 16, 24], now [8, 16]").contains("experts was 8, now 16");
  }

  @Test
  void aSweepKilledWithSigkillResumesToTheSamePointsEachOnce(@TempDir Path dir) throws Exception {
    Path whole = dir.resolve("whole");
    assertThat(CliRun.of(args(whole, "--out")).exitCode()).isZero();

    Path killed = dir.resolve("killed");
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    cmd.addAll(List.of(args(killed, "--out")));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (pointsIn(killed) < 3 && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(p.isAlive()).as("the child sweep ended before it could be killed: %s",
          Files.readString(dir.resolve("child.log"))).isTrue();
      p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
      p.waitFor(30, TimeUnit.SECONDS);
    } finally {
      p.destroyForcibly();
    }
    int before = pointsIn(killed);
    assertThat(before).isBetween(3, 11);

    CliRun resumed = CliRun.of(args(killed, "--resume"));
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.err()).contains(before + " already done");
    assertThat(keys(killed)).isEqualTo(keys(whole)).hasSize(12);
    List<String> csv = Files.readAllLines(killed.resolve("results.csv"));
    assertThat(csv).hasSize(13);
    assertThat(new TreeSet<>(csv.subList(1, csv.size()).stream().map(l -> String.join("/", List.of(l.split(",")).subList(0, 3)))
        .toList())).hasSize(12);
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int pointsIn(Path dir) {
    try {
      File f = dir.resolve("results.json").toFile();
      return f.exists() ? JSON.readTree(f).get("points").size() : 0;
    } catch (IOException e) {
      return 0; // never happens for an atomically replaced file, but a racing read must not fail the test
    }
  }

  private static List<String> keys(Path dir) throws IOException {
    List<String> keys = new ArrayList<>();
    for (JsonNode p : JSON.readTree(dir.resolve("results.json").toFile()).get("points")) {
      keys.add(p.get("gemm").asText() + "/" + p.get("archetype").asText() + "/" + p.get("T").asInt());
    }
    keys.sort(null);
    return keys;
  }
}
