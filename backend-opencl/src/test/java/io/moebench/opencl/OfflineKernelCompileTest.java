package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.verify.PlantedBug;
import io.moebench.testkit.Devices;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The matrix paths compiled for GPUs this machine does not have, from the same source and -D
 * options the backend builds with: the gfx11 kernel with clang-19 for amdgcn (the ISA must use
 * v_wmma), the NVIDIA kernel with clang-19 for nvptx (the PTX must use mma.sync and ldmatrix), then
 * assembled by ptxas (without register spills). clang-19 and
 * ptxas are required when devices are.
 */
class OfflineKernelCompileTest {
  private static final String LDMATRIX = "ldmatrix.sync.aligned.m8n8.x4.shared.b16";

  @TempDir
  Path work;

  @ParameterizedTest(name = "{0} {1} bm{2}")
  @CsvSource({"gfx1100, BF16, 32", "gfx1100, FP16, 16", "gfx1151, BF16, 16", "gfx1151, FP16, 32"})
  void gfx11KernelUsesWmma(String gpu, Dtype dtype, int blockM) throws Exception {
    KernelSpec spec = spec(MatrixPath.GFX11_WMMA, dtype, blockM, "-DMOE_BARE_AMDGCN");
    String isa = compile(spec, "-target", "amdgcn-amd-amdhsa", "-mcpu=" + gpu);
    assertThat(isa).contains("v_wmma_f32_16x16x16_" + (dtype == Dtype.BF16 ? "bf16" : "f16") + " ");
    assertThat(isa).as("no unresolved calls").doesNotContain("s_swappc");
  }

  @ParameterizedTest(name = "{0} {1} bm{2}")
  @CsvSource({"sm_80, BF16, 32", "sm_80, FP16, 16", "sm_90, BF16, 16", "sm_90, FP16, 32"})
  void nvidiaKernelUsesMmaSyncAndAssembles(String sm, Dtype dtype, int blockM) throws Exception {
    KernelSpec spec = spec(MatrixPath.NVIDIA_MMA, dtype, blockM, "-DMOE_BARE_NVPTX");
    String ptx = compile(spec, "-target", "nvptx64-nvidia-cuda", "-march=" + sm);
    String type = dtype == Dtype.BF16 ? "bf16" : "f16";
    assertThat(ptx).contains("mma.sync.aligned.m16n8k16.row.col.f32." + type + "." + type + ".f32");
    assertThat(ptx).as("weights dequantised in packed 16-bit pairs").contains("fma.rn." + type + "x2");
    assertThat(ptx).as("weights and activations in 16-byte loads").contains("ld.global.v4.u32");
    assertThat(ptx).as("no calls").doesNotContain("call.uni");
    assertThat(ptx).as("no register spills to local memory").doesNotContain("st.local");
    assertThat(ptx).as("A fragments by ldmatrix").contains(LDMATRIX);
    assertThat(ptx).as("activations staged by asynchronous copies").contains("cp.async.cg.shared.global")
        .contains("cp.async.wait_all");
    assertThat(ptx).as("weight nibbles masked and biased in one instruction").contains("lop3.b32");
    assertThat(mathLoop(ptx)).as("no scalar shared loads between the matrix instructions").doesNotContain("ld.shared");
    String log = assemble(ptx, sm);
    PtxasReport report = PtxasReport.parse(log).orElseThrow(() -> new AssertionError("no ptxas report in: " + log));
    assertThat(report.registers()).as(log).isBetween(32, 255);
    assertThat(report.spillStoreBytes()).as("the default tile keeps its accumulators and prefetched weights in registers: %s",
        log).isZero();
    assertThat(report.stackFrameBytes()).as("no array of the kernel lives in local memory: %s", log).isZero();
  }

  /** The emulated build (CPU devices) reads A fragments from the same row addresses without the instruction. */
  @Test
  void emulatedNvidiaKernelAvoidsThePtxInstructions() throws Exception {
    String ptx = compile(spec(MatrixPath.NVIDIA_MMA, Dtype.BF16, 32, "-DMOE_BARE_NVPTX -DMOE_MMA_EMULATE"),
        "-target", "nvptx64-nvidia-cuda", "-march=sm_90");
    assertThat(ptx).doesNotContain("ldmatrix").doesNotContain("mma.sync");
  }

  /** The code between consecutive matrix instructions of one loop body (gaps that branch, between K loops, left out). */
  private static String mathLoop(String ptx) {
    StringBuilder body = new StringBuilder();
    String[] gaps = ptx.split("mma\\.sync", -1);
    for (int i = 1; i < gaps.length - 1; i++) {
      if (!gaps[i].contains("bra")) {
        body.append(gaps[i]);
      }
    }
    return body.toString();
  }

  /** ptxas -v on the PTX; returns its report. */
  private String assemble(String ptx, String sm, String... options) throws Exception {
    String ptxas = onPath("ptxas");
    if (ptxas == null) {
      String msg = "ptxas not installed (.ci/run takes it from the nvidia-cuda-nvcc wheel): the PTX was not assembled";
      if (Devices.required()) {
        fail(msg + " (-D" + Devices.REQUIRE_PROPERTY + "=true)");
      }
      abort(msg);
    }
    Path ptxFile = work.resolve("k.ptx");
    Files.writeString(ptxFile, ptx);
    List<String> cmd = new ArrayList<>(List.of(ptxas, "-v", "-arch=" + sm));
    cmd.addAll(Arrays.asList(options));
    cmd.addAll(List.of(ptxFile.toString(), "-o", work.resolve("k.cubin").toString()));
    return run(cmd);
  }

  /** Planted bugs compile into the gfx11 kernel too, keep its WMMA instructions and change its code. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(PlantedBug.class)
  void plantedBugsCompileIntoTheGfx11Kernel(PlantedBug bug) throws Exception {
    String[] gfx1100 = {"-target", "amdgcn-amd-amdhsa", "-mcpu=gfx1100"};
    String normal = compile(spec(MatrixPath.GFX11_WMMA, Dtype.FP16, 16, "-DMOE_BARE_AMDGCN"), gfx1100);
    String bugged = compile(spec(MatrixPath.GFX11_WMMA, Dtype.FP16, 16, "-DMOE_BARE_AMDGCN", bug), gfx1100);
    assertThat(bugged).contains("v_wmma_f32_16x16x16_f16 ").isNotEqualTo(normal);
  }

  /** The calibration kernel runs the same instructions, unrolled over independent accumulators. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"GFX11_WMMA, BF16", "GFX11_WMMA, FP16", "NVIDIA_MMA, BF16", "NVIDIA_MMA, FP16"})
  void calibrationKernelUsesTheMatrixInstruction(MatrixPath path, Dtype dtype) throws Exception {
    String type = dtype == Dtype.BF16 ? "bf16" : "f16";
    String defines = OpenClCalibration.defines(path, dtype, 64, 256);
    if (path == MatrixPath.GFX11_WMMA) {
      String isa = compile(OpenClCalibration.SOURCE, path.clStd(), defines + " -DMOE_BARE_AMDGCN",
          "-target", "amdgcn-amd-amdhsa", "-mcpu=gfx1100");
      assertThat(isa).contains("v_wmma_f32_16x16x16_" + type + " ");
    } else {
      String ptx = compile(OpenClCalibration.SOURCE, path.clStd(), defines + " -DMOE_BARE_NVPTX",
          "-target", "nvptx64-nvidia-cuda", "-march=sm_80");
      assertThat(ptx).contains("mma.sync.aligned.m16n8k16.row.col.f32." + type + "." + type + ".f32");
    }
  }

  private static KernelSpec spec(MatrixPath path, Dtype dtype, int blockM, String bareTarget) {
    return spec(path, dtype, blockM, bareTarget, null);
  }

  private static KernelSpec spec(MatrixPath path, Dtype dtype, int blockM, String bareTarget, PlantedBug bug) {
    MoeShape shape = blockM == 32 ? MoeShape.gemm1(256, 128, 32) : MoeShape.gemm2(256, 64, 16);
    int rowDivisor = shape.rowDivisor(MoeShape.DEFAULT_TOP_K);
    return new KernelSpec(path, dtype, blockM == 32 ? WeightLayout.EXLLAMA : WeightLayout.GPTQ, blockM == 16, shape,
        rowDivisor, TileConfig.defaults(path, shape), bareTarget, bug, false);
  }

  /** clang-19 -S on the kernel as the backend would build it; returns the assembly text. */
  private String compile(KernelSpec spec, String... target) throws Exception {
    return compile(spec.path().sourceFile(), spec.path().clStd(), spec.defines(), target);
  }

  private String compile(String file, String clStd, String defines, String... target) throws Exception {
    String clang = onPath("clang-19");
    if (clang == null) {
      String msg = "clang-19 not installed (apt-get install clang-19): the gfx11 and nvidia kernels were not compiled";
      if (Devices.required()) {
        fail(msg + " (-D" + Devices.REQUIRE_PROPERTY + "=true)");
      }
      abort(msg);
    }
    Path source = work.resolve("moe_gemm.cl");
    Files.writeString(source, KernelSource.load(file));
    Path out = work.resolve("moe_gemm.s");
    List<String> cmd = new ArrayList<>(List.of(clang, "-x", "cl", "-cl-std=" + clStd, "-nogpulib", "-O3", "-S"));
    cmd.addAll(Arrays.asList(target));
    cmd.addAll(Arrays.asList(defines.split(" ")));
    cmd.addAll(List.of(source.toString(), "-o", out.toString()));
    run(cmd);
    return Files.readString(out);
  }

  /** Runs a tool, requires exit status 0, returns its output. */
  private static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(cmd.get(0) + " timed out");
    }
    assertThat(p.exitValue()).as("%s\n%s", String.join(" ", cmd), output).isZero();
    return output;
  }

  private static String onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
