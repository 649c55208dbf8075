package io.moebench.vulkan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.vulkan.KHRCooperativeMatrix.VK_COMPONENT_TYPE_FLOAT16_KHR;

import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.util.ContentHash;
import io.moebench.core.util.KernelCode;
import io.moebench.core.verify.PlantedBug;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The build a tuned winner records (VulkanTuning.fingerprint of the GemmBuild bind compiles), from the packaged
 * shaders; no device needed.
 */
class VulkanKernelFingerprintTest {
  private static final int GROUP = 64;
  private static final ShaderVariant PORTABLE_VARIANT = new ShaderVariant(MatrixPath.PORTABLE, Dtype.BF16,
      WeightLayout.GPTQ, false);
  private static final TileConfig.Portable PORTABLE = new TileConfig.Portable(32, 128, 32, 8, 256, 1);
  private static final CoopmatShape F16 = new CoopmatShape(16, 16, 16, VK_COMPONENT_TYPE_FLOAT16_KHR);

  private static String fingerprint(GemmBuild build) {
    return VulkanTuning.fingerprint(build, GROUP, ShaderSources::closure);
  }

  private static GemmBuild portable(TileConfig.Portable tiles) {
    return new GemmBuild(PORTABLE_VARIANT, tiles);
  }

  private static GemmBuild coopmat(int splitK) {
    return new GemmBuild(new ShaderVariant(MatrixPath.COOPMAT, Dtype.FP16, WeightLayout.EXLLAMA, false),
        new TileConfig.Coopmat(MatrixPath.COOPMAT, 32, 128, 32, 1, 4, 32, F16, 1, 1, null, false, splitK));
  }

  /** Each shader's include closure, copied, with {@code file} of {@code shader} edited: a define added to its code. */
  private static Function<String, Map<String, String>> edited(String shader, String file) {
    return edited(shader, file, text -> text + "#define MOE_EDITED 1\n");
  }

  /** Each shader's include closure, copied, with {@code edit} applied to {@code file} of {@code shader}. */
  private static Function<String, Map<String, String>> edited(String shader, String file,
      Function<String, String> edit) {
    return s -> {
      Map<String, String> closure = new LinkedHashMap<>(ShaderSources.closure(s));
      if (s.equals(shader)) {
        closure.computeIfPresent(file, (name, text) -> edit.apply(text));
      }
      return closure;
    };
  }

  /** Each shader's include closure as the fingerprint reads it: the sources' code. */
  private static Map<String, String> code(String shader) {
    Map<String, String> code = new LinkedHashMap<>();
    ShaderSources.closure(shader).forEach((file, text) -> code.put(file, KernelCode.of(text)));
    return code;
  }

  @Test
  void itHashesTheSpirvCacheKeysWithTheVariantsDefinesAndThePipelinesConstantsTheSameInEveryJvm() {
    GemmBuild build = portable(PORTABLE);
    String shader = MatrixPath.PORTABLE.shader();
    String expected = ContentHash.sha256()
        .add(SpirvCompiler.cacheKey(shader, code(shader), PORTABLE_VARIANT.defines())).add("\n")
        .add(Arrays.toString(PORTABLE.specialization(GROUP))).add(" subgroup 0").fingerprint();
    assertThat(fingerprint(build)).matches("[0-9a-f]{12}").isEqualTo(expected).isEqualTo(fingerprint(portable(PORTABLE)));
  }

  @Test
  void everyTileParameterAndTheGroupSizeCount() {
    List<TileConfig.Portable> tiles = List.of(PORTABLE, new TileConfig.Portable(64, 128, 32, 8, 256, 1),
        new TileConfig.Portable(32, 64, 32, 8, 256, 1), new TileConfig.Portable(32, 128, 64, 8, 256, 1),
        new TileConfig.Portable(32, 128, 32, 4, 256, 1), new TileConfig.Portable(32, 128, 32, 8, 128, 1),
        new TileConfig.Portable(32, 128, 32, 8, 256, 2));
    assertThat(tiles.stream().map(t -> fingerprint(portable(t)))).as("one a tile").doesNotHaveDuplicates();
    assertThat(VulkanTuning.fingerprint(portable(PORTABLE), 2 * GROUP, ShaderSources::closure))
        .isNotEqualTo(fingerprint(portable(PORTABLE)));
  }

  @Test
  void everyDefineOfTheVariantCounts() {
    List<ShaderVariant> variants = List.of(PORTABLE_VARIANT,
        new ShaderVariant(MatrixPath.PORTABLE, Dtype.FP16, WeightLayout.GPTQ, false),
        new ShaderVariant(MatrixPath.PORTABLE, Dtype.BF16, WeightLayout.EXLLAMA, false),
        new ShaderVariant(MatrixPath.PORTABLE, Dtype.BF16, WeightLayout.GPTQ, true),
        new ShaderVariant(MatrixPath.PORTABLE, Dtype.BF16, WeightLayout.GPTQ, false, PlantedBug.values()[0]));
    assertThat(variants.stream().map(v -> fingerprint(new GemmBuild(v, PORTABLE)))).doesNotHaveDuplicates();
    GemmBuild emulated = new GemmBuild(new ShaderVariant(MatrixPath.COOPMAT_EMULATED, Dtype.FP16, WeightLayout.EXLLAMA,
        false), new TileConfig.Coopmat(MatrixPath.COOPMAT_EMULATED, 32, 128, 32, 1, 4, 32, F16, 1, 1, null, false, 1));
    assertThat(fingerprint(emulated)).as("the same shader, COOPMAT_EMULATED=1").isNotEqualTo(fingerprint(coopmat(1)));
  }

  @Test
  void aSplitKBuildCoversTheReductionShaderAndOthersDoNot() {
    assertThat(coopmat(2).shaders()).containsExactly(MatrixPath.COOPMAT.shader(), VulkanBackend.SPLIT_K_REDUCE_SHADER);
    assertThat(coopmat(1).shaders()).containsExactly(MatrixPath.COOPMAT.shader());
    assertThat(fingerprint(coopmat(2))).isNotEqualTo(fingerprint(coopmat(1)));
    String reduce = VulkanBackend.SPLIT_K_REDUCE_SHADER;
    Function<String, Map<String, String>> editedReduce = edited(reduce, reduce);
    assertThat(VulkanTuning.fingerprint(coopmat(2), GROUP, editedReduce)).isNotEqualTo(fingerprint(coopmat(2)));
    assertThat(VulkanTuning.fingerprint(coopmat(1), GROUP, editedReduce)).as("not compiled without split-K")
        .isEqualTo(fingerprint(coopmat(1)));
  }

  @Test
  void editedCommentsBlankLinesAndIndentationKeepIt() {
    Function<String, String> reword = text -> text.replace("// ", "// (edited) ").replace("\n  ", "\n    ")
        .replace("\n\n", "\n\n\n") + "/* edited */\n";
    for (GemmBuild build : List.of(portable(PORTABLE), coopmat(2))) {
      String fingerprint = fingerprint(build);
      for (String shader : build.shaders()) {
        for (String file : ShaderSources.closure(shader).keySet()) {
          assertThat(VulkanTuning.fingerprint(build, GROUP, edited(shader, file, reword)))
              .as(shader + " with " + file + "'s comments and layout edited").isEqualTo(fingerprint);
        }
      }
    }
  }

  @Test
  void anEditedShaderOrIncludeChangesIt() {
    for (GemmBuild build : List.of(portable(PORTABLE), coopmat(2))) {
      String fingerprint = fingerprint(build);
      assertThat(ShaderSources.closure(build.variant().path().shader())).as("includes of includes count")
          .containsKeys("moe_common.glsl", "moe_planted_bugs.glsl");
      for (String shader : build.shaders()) {
        for (String file : ShaderSources.closure(shader).keySet()) {
          assertThat(VulkanTuning.fingerprint(build, GROUP, edited(shader, file))).as(shader + " with " + file + " edited")
              .isNotEqualTo(fingerprint);
        }
      }
    }
  }
}
