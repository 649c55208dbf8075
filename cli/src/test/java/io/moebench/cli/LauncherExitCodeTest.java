package io.moebench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The repository's launcher (`./moe-bench`, README's main command) passes the CLI's exit status through when
 * stderr is not a terminal, where it filters the JVM's incubator notice out of stderr. Runs the real script
 * beside a stand-in CLI jar ({@link FakeCli}) that exits with a given status, with or without a line on stderr.
 */
class LauncherExitCodeTest {
  @TempDir
  static Path root;

  /** The stand-in for cli/target/dist/moe-bench.jar: args[0] is the exit status, args[1] an optional stderr line. */
  public static final class FakeCli {
    public static void main(String[] args) {
      if (args.length > 1) {
        System.err.println(args[1]);
      }
      System.exit(Integer.parseInt(args[0]));
    }
  }

  @BeforeAll
  static void launcherBesideAFakeCli() throws IOException {
    Path checkout = Path.of("").toAbsolutePath();
    Path launcher = checkout.resolveSibling("moe-bench").toFile().isFile() ? checkout.resolveSibling("moe-bench")
        : checkout.resolve("moe-bench");
    Files.copy(launcher, root.resolve("moe-bench"), StandardCopyOption.REPLACE_EXISTING);
    Path jar = Files.createDirectories(root.resolve("cli/target/dist")).resolve("moe-bench.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeCli.class.getName());
    String entry = FakeCli.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
        InputStream in = FakeCli.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
  }

  @ParameterizedTest(name = "exit {0}, stderr ''{1}''")
  @CsvSource({"0, ''", "3, ''", "0, a notice", "2, bad input"})
  void theCliExitStatusAndStderrComeThrough(int status, String stderrLine) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("moe-bench").toString(), Integer.toString(status)));
    if (!stderrLine.isEmpty()) {
      command.add(stderrLine);
    }
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("launcher finished").isTrue();
    assertThat(p.exitValue()).as("exit status; stderr: %s", err).isEqualTo(status);
    assertThat(err.strip()).as("stderr without the incubator notice").isEqualTo(stderrLine);
  }
}
