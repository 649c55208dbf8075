package io.moebench.cli.byo;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.cli.CliRun;
import io.moebench.cli.PythonScripts;
import io.moebench.core.registry.BackendRegistry;
import io.moebench.testkit.Devices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `run --dump` on folders numpy writes with random contents (scripts/byo_reference.py make), checked
 * by the script's own float64 GEMM straight from DOMAIN.md (its own unpacking and bf16 decoding),
 * for every gemm x layout x dtype, with and without zero points, on every backend id below that is
 * available. With -Dmoebench.requireDevices=true a missing backend or python3/numpy fails the test.
 */
class ByoReferenceTest {
  /** Fresh random folders each run; the seed is in every failure message. */
  private static final long SEED = System.nanoTime() & 0xffffffL;

  @TempDir static Path work;

  /** One folder the script writes; meta.json and the ids' dtype vary too, so that inference is exercised. */
  record Folder(int gemm, String layout, String dtype, boolean zeros, boolean meta, String ids) {
    String name() {
      return "gemm" + gemm + "-" + layout + "-" + dtype + (zeros ? "-zeros" : "") + (meta ? "" : "-nometa") + "-" + ids;
    }

    Path dir() {
      return work.resolve(name());
    }
  }

  static final List<Folder> FOLDERS = folders();

  /**
   * Every gemm x layout x dtype, plus zero points twice (between them every gemm, layout and dtype):
   * device backends build one kernel per folder, so the list stays this short.
   */
  private static List<Folder> folders() {
    List<Folder> out = new ArrayList<>();
    int i = 0;
    for (int gemm : new int[] {1, 2}) {
      for (String layout : List.of("gptq", "exllama")) {
        for (String dtype : List.of("fp16", "bf16")) {
          out.add(new Folder(gemm, layout, dtype, false, i % 2 == 0, i % 3 == 0 ? "int32" : "int64"));
          i++;
        }
      }
    }
    out.add(new Folder(1, "gptq", "fp16", true, false, "int64"));
    out.add(new Folder(2, "exllama", "bf16", true, true, "int32"));
    return out;
  }

  /** Writes every folder, the python processes in parallel (each mostly waits for numpy to load). */
  @BeforeAll
  static void makeFolders() throws IOException, InterruptedException {
    PythonScripts.requireNumpy();
    List<Process> running = new ArrayList<>();
    for (Folder f : FOLDERS) {
      List<String> cmd = new ArrayList<>(List.of("python3", script(), "make", f.dir().toString(), "--gemm", "" + f.gemm,
          "--layout", f.layout, "--dtype", f.dtype, "--seed", "" + (SEED + FOLDERS.indexOf(f)), "--meta",
          f.meta ? "full" : "none", "--ids", f.ids));
      if (f.zeros) {
        cmd.add("--zeros");
      }
      running.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log(f).toFile()).start());
    }
    for (int i = 0; i < running.size(); i++) {
      Process p = running.get(i);
      boolean done = p.waitFor(120, TimeUnit.SECONDS);
      assertThat(done && p.exitValue() == 0).as("make %s: %s", FOLDERS.get(i).name(), Files.readString(log(FOLDERS.get(i))))
          .isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"cpu-ref", "opencl", "vulkan"})
  void dumpsAgreeWithTheFloat64NumpyReference(String backend) throws IOException {
    requireBackend(backend);
    SoftAssertions soft = new SoftAssertions();
    List<String> check = new ArrayList<>(List.of("python3", script(), "check"));
    for (Folder f : FOLDERS) {
      Path dump = Files.createTempDirectory(work, backend + "-" + f.name());
      CliRun run = CliRun.of("run", "--backend", backend, "--inputs", f.dir(), "--dump", dump);
      soft.assertThat(run.exitCode()).as("%s on %s: %s", backend, f.name(), run.transcript()).isZero();
      check.addAll(List.of(f.dir().toString(), dump.toString()));
    }
    PythonScripts.Result r = PythonScripts.run(check);
    soft.assertThat(r.exitCode()).as("seed %d, %s:\n%s%s", SEED, backend, r.out(), r.err()).isZero();
    soft.assertThat(r.out().lines().filter(l -> l.endsWith(": PASS"))).as(r.out()).hasSize(FOLDERS.size());
    soft.assertAll();
  }

  /** The check is not vacuous: another folder's output fails it. */
  @Test
  void theCheckFailsOnTheWrongOutput() throws IOException {
    Folder a = FOLDERS.get(0);
    Folder b = FOLDERS.stream().filter(f -> f.gemm == a.gemm && f.dtype.equals(a.dtype) && f != a).findFirst().orElseThrow();
    Path dump = Files.createTempDirectory(work, "wrong");
    CliRun run = CliRun.of("run", "--backend", "cpu-ref", "--inputs", b.dir(), "--dump", dump);
    assertThat(run.exitCode()).as(run.transcript()).isZero();
    PythonScripts.Result r = PythonScripts.run(List.of("python3", script(), "check", a.dir().toString(), dump.toString()));
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).contains("FAIL");
  }

  private static Path log(Folder f) {
    return work.resolve(f.name() + ".log");
  }

  private static String script() {
    return PythonScripts.scripts().resolve("byo_reference.py").toString();
  }

  /** Runs where the backend is on the class path and available; fails instead when devices are required. */
  static void requireBackend(String id) {
    BackendRegistry registry = BackendRegistry.discover(ByoReferenceTest.class.getClassLoader(), Optional.empty());
    if (!registry.ids().contains(id)) {
      String msg = "backend " + id + " is not on the class path (known: " + registry.ids() + ")";
      if (Devices.required()) {
        Assertions.fail(msg + " (-D" + Devices.REQUIRE_PROPERTY + "=true)");
      }
      Assumptions.abort(msg);
    }
    Devices.requireAvailable(registry.find(id).provider());
  }
}
