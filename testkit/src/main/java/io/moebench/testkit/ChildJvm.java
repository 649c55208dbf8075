package io.moebench.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test class path in a new JVM. Native loaders read their environment once
 * (the OpenCL ICD loader its vendor folder, the Vulkan loader its driver manifests), so another
 * driver setup needs another process; so does a measurement that needs its own heap settings.
 * The child always gets LD_PRELOAD=$JAVA_HOME/lib/libjsig.so: LLVM inside PoCL and lavapipe
 * replaces the JVM's signal handlers otherwise, and the JVM dies at random.
 */
public final class ChildJvm {
  /** Exit code and combined stdout + stderr. */
  public record Result(int exitCode, String output) {}

  private ChildJvm() {}

  public static Result run(Class<?> main, Map<String, String> env, List<String> jvmArgs, List<String> args,
      long timeoutSeconds) throws IOException, InterruptedException {
    String javaHome = System.getProperty("java.home");
    List<String> command = new ArrayList<>();
    command.add(Path.of(javaHome, "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(jvmArgs);
    command.add(main.getName());
    command.addAll(args);
    Path output = Files.createTempFile("child-jvm", ".log"); // a file, not a pipe: a hung child cannot block the reader
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      pb.environment().put("LD_PRELOAD", Path.of(javaHome, "lib", "libjsig.so").toString());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new IllegalStateException(main.getSimpleName() + " did not finish in " + timeoutSeconds + " s:\n"
            + Files.readString(output, StandardCharsets.UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
