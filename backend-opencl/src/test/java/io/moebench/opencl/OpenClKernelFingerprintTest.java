package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import io.moebench.core.verify.PlantedBug;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The build a tuned winner records (OpenClTuning.fingerprint of the KernelSpec bind builds), from the packaged
 * sources; no device needed.
 */
class OpenClKernelFingerprintTest {
  private static final String CL12 = "-cl-std=CL1.2";
  /** N 256 and K 256: several tiles of every path fit. */
  private static final MoeShape SHAPE = new MoeShape("tune", 4, 256, 256, 32, 16, MoeShape.ActivationRows.PER_TOKEN);
  private static final GemmProblem PROBLEM = SyntheticCase.problem(SHAPE,
      SyntheticCase.routing(Archetype.parse("uniform"), 12, SHAPE.experts(), 2, 7, false), Dtype.BF16, 7);

  private static String header(String name) throws IOException {
    try (InputStream in = OpenClKernelFingerprintTest.class.getClassLoader()
        .getResourceAsStream(KernelSource.BASE + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The spec of a tile as a backend without extra defines or a planted bug binds it. */
  private static KernelSpec spec(MatrixPath path, TileConfig tile) {
    return KernelSpec.of(path, PROBLEM, false, WeightLayout.GPTQ, tile, "", null, false);
  }

  private static String fingerprint(MatrixPath path, Map<String, String> configuration) {
    return OpenClTuning.fingerprint(spec(path, TileConfig.parse(path, SHAPE, configuration)), false);
  }

  @Test
  void eachPathsDefaultTileGivesItsOwnFingerprintAndTheSameOneEachTime() {
    Map<MatrixPath, String> fingerprints = new EnumMap<>(MatrixPath.class);
    for (MatrixPath path : MatrixPath.values()) {
      fingerprints.put(path, fingerprint(path, Map.of()));
      assertThat(fingerprint(path, Map.of())).isEqualTo(fingerprints.get(path)).matches("[0-9a-f]{12}");
    }
    assertThat(fingerprints.values()).as("three kernel files").doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @EnumSource(MatrixPath.class)
  void eachTileOfAPathGivesItsOwnFingerprintWhateverTheOrderOfItsMap(MatrixPath path) {
    List<TileConfig> tiles = TileConfig.candidates(path, SHAPE, 1024);
    assertThat(tiles).hasSizeGreaterThan(1);
    Set<String> fingerprints = new HashSet<>();
    for (TileConfig tile : tiles) {
      Map<String, String> configuration = tile.asMap();
      List<String> keys = new ArrayList<>(configuration.keySet());
      Map<String, String> reversed = new LinkedHashMap<>();
      for (int i = keys.size() - 1; i >= 0; i--) {
        reversed.put(keys.get(i), configuration.get(keys.get(i)));
      }
      String fingerprint = fingerprint(path, configuration);
      assertThat(fingerprint(path, reversed)).as("%s reordered", configuration).isEqualTo(fingerprint);
      fingerprints.add(fingerprint);
    }
    assertThat(fingerprints).as("one a tile").hasSameSizeAs(tiles);
  }

  @ParameterizedTest
  @EnumSource(MatrixPath.class)
  void itIsTheFingerprintOfBindsBuildOptionsSoEveryDefineCounts(MatrixPath path) {
    TileConfig tile = TileConfig.defaults(path, SHAPE);
    KernelSpec spec = spec(path, tile);
    String fingerprint = OpenClTuning.fingerprint(spec, false);
    assertThat(fingerprint).isEqualTo(OpenClTuning.fingerprint(spec.buildOptions(false), spec.source()));
    assertThat(spec.buildOptions(false)).contains(path.languageOption()).contains(tile.defines());
    List<KernelSpec> others = List.of(
        KernelSpec.of(path, PROBLEM, true, WeightLayout.GPTQ, tile, "", null, false),
        KernelSpec.of(path, PROBLEM, false, WeightLayout.EXLLAMA, tile, "", null, false),
        KernelSpec.of(path, PROBLEM, false, WeightLayout.GPTQ, tile, "-DMOE_MMA_EMULATE", null, false),
        KernelSpec.of(path, PROBLEM, false, WeightLayout.GPTQ, tile, "", PlantedBug.values()[0], false),
        KernelSpec.of(path, PROBLEM, false, WeightLayout.GPTQ, tile, "", null, true));
    for (KernelSpec other : others) {
      assertThat(OpenClTuning.fingerprint(other, false)).as(other.defines()).isNotEqualTo(fingerprint);
    }
    assertThat(OpenClTuning.fingerprint(spec, true)).as("NVIDIA's compiler options").isNotEqualTo(fingerprint);
    // a host change of what a tile compiles to, e.g. another -D for one of its parameters
    String options = spec.buildOptions(false);
    String changed = options.replace("-DMOE_TILE_N=", "-DMOE_TILE_N=2*");
    assertThat(changed).isNotEqualTo(options);
    assertThat(OpenClTuning.fingerprint(changed, spec.source())).isNotEqualTo(fingerprint);
  }

  @ParameterizedTest
  @EnumSource(MatrixPath.class)
  void anEditedKernelOrHeaderChangesIt(MatrixPath path) throws IOException {
    KernelSpec spec = spec(path, TileConfig.defaults(path, SHAPE));
    String options = spec.buildOptions(false);
    String source = spec.source();
    String fingerprint = OpenClTuning.fingerprint(options, source);
    assertThat(OpenClTuning.fingerprint(options, source + "#define MOE_EDITED 1\n")).isNotEqualTo(fingerprint);
    String bugs = header("moe_planted_bugs.h"); // included by moe_common.h: a header two levels down
    assertThat(source).as("headers are inlined, so they count").contains(bugs.strip());
    String edited = source.replace(bugs.strip(), bugs.strip().replaceFirst("\\n", "\n#define MOE_EDITED 1\n"));
    assertThat(edited).isNotEqualTo(source);
    assertThat(OpenClTuning.fingerprint(options, edited)).isNotEqualTo(fingerprint);
  }

  @ParameterizedTest
  @EnumSource(MatrixPath.class)
  void editedCommentsBlankLinesAndIndentationKeepIt(MatrixPath path) {
    KernelSpec spec = spec(path, TileConfig.defaults(path, SHAPE));
    String options = spec.buildOptions(false);
    String source = spec.source();
    String fingerprint = OpenClTuning.fingerprint(options, source);
    String edited = source.replace("// ", "// (edited) ").replace("\n  ", "\n    ").replace("\n\n", "\n\n\n")
        + "/* edited */\n";
    assertThat(edited).isNotEqualTo(source);
    assertThat(OpenClTuning.fingerprint(options, edited)).isEqualTo(fingerprint);
  }

  @Test
  void theOpenClCVersionCountsAndTheDigestIsTheSameInEveryJvm() {
    String source = "__kernel void k() {} // empty\n";
    assertThat(OpenClTuning.fingerprint("-cl-std=CL2.0", source)).isNotEqualTo(OpenClTuning.fingerprint(CL12, source));
    // the first 12 hex digits of SHA-256("-cl-std=CL1.2\0__kernel void k() {}"), the options and the source's code:
    // the same in every JVM, not an identity hash
    assertThat(OpenClTuning.fingerprint(CL12, source)).isEqualTo("8897ce291bf8");
  }
}
