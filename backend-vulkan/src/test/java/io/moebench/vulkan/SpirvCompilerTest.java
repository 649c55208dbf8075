package io.moebench.vulkan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.spi.KernelBuildException;
import io.moebench.core.verify.PlantedBug;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shader variant, coopmat ones included, compiles with shaderc; no device needed. */
class SpirvCompilerTest {
  private static final int SPIRV_MAGIC = 0x07230203;
  private static final int OP_CAPABILITY = 17;
  // SPIR-V capabilities and the device feature VulkanDevice enables for each
  private static final int SHADER = 1;
  private static final int FLOAT16 = 9; // shaderFloat16
  // gl_SubgroupID, subgroup barriers: PathPlan checks the device's basic subgroup operations in compute shaders
  private static final int GROUP_NON_UNIFORM = 61;
  private static final int BFLOAT16_TYPE = 5116; // VK_KHR_shader_bfloat16 shaderBFloat16Type
  private static final int BFLOAT16_COOPMAT = 5118; // shaderBFloat16CooperativeMatrix
  private static final int VULKAN_MEMORY_MODEL = 5345; // vulkanMemoryModel
  private static final int PHYSICAL_STORAGE_BUFFER = 5347; // bufferDeviceAddress
  private static final int COOPERATIVE_MATRIX = 6022; // VK_KHR_cooperative_matrix

  private final SpirvCompiler compiler = new SpirvCompiler(null);

  static Stream<ShaderVariant> variants() {
    return ShaderVariant.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void compilesToSpirvUsingOnlyCapabilitiesTheDeviceEnables(ShaderVariant v) {
    byte[] spirv = compiler.compile(v);
    assertThat(spirv.length % 4).isZero();
    assertThat(words(spirv).get(0)).isEqualTo(SPIRV_MAGIC);
    Set<Integer> caps = capabilities(spirv);
    if (v.path() == MatrixPath.PORTABLE) {
      // lavapipe and any Vulkan 1.3 device with bufferDeviceAddress run it
      assertThat(caps).containsOnly(SHADER, PHYSICAL_STORAGE_BUFFER);
    } else if (v.path() == MatrixPath.COOPMAT_EMULATED) {
      // lavapipe runs it too: subgroup ids and barriers, f16vec2 arithmetic for fp16 weights, no matrix features
      if (v.dtype() == Dtype.BF16) {
        assertThat(caps).containsOnly(SHADER, PHYSICAL_STORAGE_BUFFER, GROUP_NON_UNIFORM);
      } else {
        assertThat(caps).containsOnly(SHADER, PHYSICAL_STORAGE_BUFFER, GROUP_NON_UNIFORM, FLOAT16);
      }
    } else {
      assertThat(caps).contains(COOPERATIVE_MATRIX, VULKAN_MEMORY_MODEL)
          .isSubsetOf(SHADER, FLOAT16, GROUP_NON_UNIFORM, VULKAN_MEMORY_MODEL, PHYSICAL_STORAGE_BUFFER,
              COOPERATIVE_MATRIX, BFLOAT16_TYPE, BFLOAT16_COOPMAT);
      assertThat(caps.contains(BFLOAT16_COOPMAT)).isEqualTo(v.dtype() == Dtype.BF16);
    }
  }

  /** The calibration shader, both arithmetic paths and dtypes, with the same capability limits as the GEMMs. */
  @ParameterizedTest(name = "matrixUnits={0} {1}")
  @CsvSource({"false, FP16", "true, FP16", "true, BF16"})
  void calibrationShaderCompilesWithTheGemmCapabilities(boolean matrixUnits, Dtype dtype) {
    byte[] spirv = compiler.compile(VulkanCalibration.SHADER, VulkanCalibration.defines(matrixUnits, dtype));
    assertThat(words(spirv).get(0)).isEqualTo(SPIRV_MAGIC);
    Set<Integer> caps = capabilities(spirv);
    if (!matrixUnits) {
      assertThat(caps).containsOnly(SHADER, PHYSICAL_STORAGE_BUFFER);
    } else {
      assertThat(caps).contains(COOPERATIVE_MATRIX, VULKAN_MEMORY_MODEL)
          .isSubsetOf(SHADER, FLOAT16, GROUP_NON_UNIFORM, VULKAN_MEMORY_MODEL, PHYSICAL_STORAGE_BUFFER,
              COOPERATIVE_MATRIX, BFLOAT16_TYPE, BFLOAT16_COOPMAT);
      assertThat(caps.contains(BFLOAT16_COOPMAT)).isEqualTo(dtype == Dtype.BF16);
    }
  }

  /** Planted bugs compile into the shader GPUs run too, with no new capability, and change its code. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(PlantedBug.class)
  void plantedBugsCompileIntoTheCoopmatShader(PlantedBug bug) {
    ShaderVariant normal = new ShaderVariant(MatrixPath.COOPMAT, Dtype.FP16, WeightLayout.GPTQ, false);
    byte[] reference = compiler.compile(normal);
    byte[] bugged = compiler.compile(new ShaderVariant(normal.path(), normal.dtype(), normal.layout(), false, bug));
    assertThat(capabilities(bugged)).isEqualTo(capabilities(reference));
    assertThat(bugged).isNotEqualTo(reference);
  }

  @Test
  void cachesPerSourceAndDefines(@TempDir Path dir) throws Exception {
    SpirvCompiler cached = new SpirvCompiler(dir);
    ShaderVariant v = ShaderVariant.all().get(0);
    byte[] first = cached.compile(v);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.filter(p -> p.toString().endsWith(".spv"))).hasSize(1);
    }
    Path file;
    try (Stream<Path> files = Files.list(dir)) {
      file = files.filter(p -> p.toString().endsWith(".spv")).findFirst().orElseThrow();
    }
    // a cached file is what the next compile returns; a corrupt one is replaced by a fresh compile
    byte[] marked = first.clone();
    marked[marked.length - 1] ^= 1;
    Files.write(file, marked);
    assertThat(cached.compile(v)).isEqualTo(marked);
    Files.write(file, new byte[] {1, 2, 3, 4});
    assertThat(cached.compile(v)).isEqualTo(first);
    // other defines, another entry
    cached.compile(ShaderVariant.all().get(1));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.filter(p -> p.toString().endsWith(".spv"))).hasSize(2);
    }
  }

  @Test
  void aCompileErrorIsAKernelBuildExceptionWithTheLog() {
    Map<String, String> defines = new TreeMap<>(ShaderVariant.all().get(0).defines());
    defines.put("HAS_ZEROS", "("); // breaks "#if HAS_ZEROS" in moe_dequant.glsl
    assertThatThrownBy(() -> compiler.compile("moe_gemm_portable.comp", defines))
        .isInstanceOf(KernelBuildException.class)
        .hasMessageContaining("moe_gemm_portable.comp")
        .satisfies(e -> assertThat(((KernelBuildException) e).buildLog()).contains("moe_dequant.glsl").contains("error"));
  }

  @Test
  void anUnresolvedIncludeNamesTheMissingResource() {
    assertThatThrownBy(() -> compiler.compile("test_missing_include.comp", Map.of()))
        .isInstanceOf(KernelBuildException.class)
        .satisfies(e -> assertThat(((KernelBuildException) e).buildLog())
            .contains("cannot find io/moebench/shaders/glsl/no_such_header.glsl"));
  }

  private static IntBuffer words(byte[] spirv) {
    return ByteBuffer.wrap(spirv).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
  }

  /** The operands of every OpCapability (SPIR-V: 5-word header, then instructions of wordCount << 16 | opcode). */
  private static Set<Integer> capabilities(byte[] spirv) {
    IntBuffer w = words(spirv);
    Set<Integer> caps = new TreeSet<>();
    for (int i = 5; i < w.limit(); ) {
      int count = w.get(i) >>> 16;
      if ((w.get(i) & 0xffff) == OP_CAPABILITY) {
        caps.add(w.get(i + 1));
      }
      assertThat(count).as("instruction word count at %d", i).isPositive();
      i += count;
    }
    return caps;
  }
}
