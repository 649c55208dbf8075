package io.moebench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.spi.BackendProvider;
import io.moebench.cpuref.CpuRefProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin jars: discovered, listed, validated; broken ones are reported and the others go on. */
class PluginTest {
  private static final String VALIDATE_SMALL = "--experts=16,--tokens=8,--dtype=bf16,--layout=exllama,--archetypes=zipf1,hot16";

  /** A correct third-party backend: the oracle behind another id, compiled into the jar only. */
  private static final String GOOD_PLUGIN = String.join("\n",
      "package org.example.moeplugin;",
      "import io.moebench.core.spi.*;",
      "public final class DelegatingProvider implements BackendProvider {",
      "  public String id() { return \"example-plugin\"; }",
      "  public String description() { return \"example plugin: the oracle behind another id\"; }",
      "  public int rank() { return -1; }",
      "  public Availability probe() { return Availability.available(\"example device\"); }",
      "  public Backend open(BackendConfig c) { return new io.moebench.cpuref.CpuRefProvider().open(c); }",
      "}");

  @Test
  void aCompiledPluginJarIsListedAndValidated(@TempDir Path dir) throws IOException {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    PluginJars.compiled(dir, "example.jar", "org.example.moeplugin.DelegatingProvider", GOOD_PLUGIN,
        BackendProvider.class, CpuRefProvider.class);
    Files.move(dir.resolve("example.jar"), plugins.resolve("example.jar"));

    CliRun listed = CliRun.of("backends", "--plugins", plugins.toString(), "--format", "csv");
    assertThat(listed.exitCode()).isZero();
    assertThat(listed.out()).contains("example-plugin,available").contains("example.jar").contains("cpu-ref,available");

    CliRun validated = CliRun.of(args("validate", "--plugins", plugins.toString(), "--backends", "example-plugin"));
    assertThat(validated.exitCode()).as(validated.err()).isZero();
    assertThat(validated.out()).contains("example-plugin").contains("PASS").doesNotContain("FAIL");
  }

  @Test
  void aPluginWithWrongResultsFailsValidationByName(@TempDir Path dir) throws IOException {
    PluginJars.servicesOnly(dir, "wrong.jar", List.of("io.moebench.testkit.broken.SwappedNibbleProvider"));
    CliRun run = CliRun.of(args("validate", "--plugins", dir.toString(), "--backends", "cpu-ref,swapped-nibbles"));
    assertThat(run.exitCode()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    assertThat(run.err()).contains("swapped-nibbles failed at gemm1 bf16 exllama zipf1 T=8").contains("row ");
    assertThat(run.out()).containsPattern("cpu-ref +gemm1 +bf16 +exllama +PASS");
  }

  @Test
  void brokenProvidersAreReportedAndTheOthersGoOn(@TempDir Path dir) throws IOException {
    PluginJars.servicesOnly(dir, "broken.jar", List.of("io.moebench.testkit.broken.ThrowingConstructorProvider",
        "io.moebench.testkit.broken.ThrowingProbeProvider", "io.moebench.testkit.broken.ThrowingOpenProvider",
        "io.moebench.testkit.broken.ThrowingRunProvider"));
    Files.writeString(dir.resolve("notes.jar"), "not a zip");
    CliRun listed = CliRun.of("backends", "--plugins", dir.toString(), "--format", "csv");
    assertThat(listed.exitCode()).isZero();
    assertThat(listed.out())
        .contains("constructor of io.moebench.testkit.broken.ThrowingConstructorProvider failed")
        .contains("broken-probe,unavailable").contains("probe failed: IllegalStateException: probe exploded")
        .contains("broken-open,failed").contains("open exploded")
        .contains("not a jar file")
        .contains("cpu-ref,available");

    CliRun validated = CliRun.of(args("validate", "--plugins", dir.toString(), "--backends", "cpu-ref,broken-run"));
    assertThat(validated.exitCode()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    assertThat(validated.err()).contains("broken-run").contains("device lost during the run");
    assertThat(validated.out()).containsPattern("cpu-ref +gemm1 +bf16 +exllama +PASS");

    CliRun openFails = CliRun.of(args("validate", "--plugins", dir.toString(), "--backends", "cpu-ref,broken-open"));
    assertThat(openFails.exitCode()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    assertThat(openFails.err()).contains("broken-open").contains("open failed");
  }

  @Test
  void aMissingPluginFolderIsBadInput(@TempDir Path dir) {
    CliRun run = CliRun.of("backends", "--plugins", dir.resolve("nope").toString());
    assertThat(run.isOneLineUsageError()).as(run.err()).isTrue();
    assertThat(run.err()).contains("plugin folder").contains("does not exist");
  }

  private static String[] args(String command, String... more) {
    List<String> a = new java.util.ArrayList<>(List.of(command));
    a.addAll(List.of(more));
    a.addAll(List.of(VALIDATE_SMALL.split(",(?=--)")));
    return a.toArray(String[]::new);
  }
}
