package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.spi.KernelBuildException;
import io.moebench.core.util.NativeScope;
import io.moebench.testkit.Devices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramCacheTest {
  private static final String SOURCE = "__kernel void twice(__global int* x) { x[get_global_id(0)] *= 2; }\n";

  @TempDir
  Path cache;

  @BeforeEach
  void requireDevice() {
    Devices.requireAvailable(new OpenClProvider());
  }

  @Test
  void aSecondRuntimeLoadsTheBinaryTheFirstBuilt() throws IOException {
    build(SOURCE, 1, 0);
    assertThat(binaries()).hasSize(1);
    build(SOURCE, 0, 1);
    build(SOURCE + "// another source, another key\n", 1, 0);
    assertThat(binaries()).hasSize(2);
  }

  @Test
  void aBinaryTheDriverRefusesIsRebuiltFromSource() throws IOException {
    build(SOURCE, 1, 0);
    Files.write(binaries().get(0), new byte[] {1, 2, 3});
    build(SOURCE, 1, 0);
    assertThat(Files.size(binaries().get(0))).isGreaterThan(3);
  }

  @Test
  void aBrokenSourceThrowsWithItsLogAndKeepsNoHandle() {
    try (ClRuntime cl = ClRuntime.open(OpenClOptions.DEFAULT, cache); NativeScope scope = new NativeScope("test")) {
      assertThatThrownBy(() -> cl.program(scope, "broken.cl", "__kernel void k() { undefined_call(); }", "-cl-std=CL1.2"))
          .isInstanceOfSatisfying(KernelBuildException.class, e -> assertThat(e.buildLog()).contains("undefined_call"));
      assertThat(scope.open()).isZero();
    }
  }

  /** The source build's log (NVIDIA's assembler report lives there) comes back with the cached binary. */
  @Test
  void aProgramFromTheCachedBinaryKeepsItsSourceBuildLog() {
    String warned = "#warning moe-bench build log marker\n" + SOURCE;
    String first = sourceLog(warned, 1, 0);
    assertThat(first).contains("moe-bench build log marker");
    assertThat(sourceLog(warned, 0, 1)).isEqualTo(first);
  }

  private String sourceLog(String source, int expectedSourceBuilds, int expectedBinaryBuilds) {
    try (ClRuntime cl = ClRuntime.open(OpenClOptions.DEFAULT, cache); NativeScope scope = new NativeScope("test")) {
      String log = cl.program(scope, "warned.cl", source, "-cl-std=CL1.2").sourceLog();
      assertThat(cl.programs.sourceBuilds()).isEqualTo(expectedSourceBuilds);
      assertThat(cl.programs.binaryBuilds()).isEqualTo(expectedBinaryBuilds);
      return log;
    }
  }

  private void build(String source, int expectedSourceBuilds, int expectedBinaryBuilds) {
    try (ClRuntime cl = ClRuntime.open(OpenClOptions.DEFAULT, cache); NativeScope scope = new NativeScope("test")) {
      cl.kernel(scope, cl.program(scope, "twice.cl", source, "-cl-std=CL1.2").program(), "twice");
      assertThat(cl.programs.sourceBuilds()).isEqualTo(expectedSourceBuilds);
      assertThat(cl.programs.binaryBuilds()).isEqualTo(expectedBinaryBuilds);
      assertThat(scope.open()).isEqualTo(2);
    }
  }

  private List<Path> binaries() throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.filter(f -> f.toString().endsWith(".bin")).toList();
    }
  }
}
