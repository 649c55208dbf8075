package io.moebench.opencl;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.spi.Tuning;
import io.moebench.core.spi.UnsupportedProblemException;
import io.moebench.core.util.ContentHash;
import io.moebench.core.util.KernelCode;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Tile variants of the backend's kernel ({@link TileConfig#candidates}); each builds its own program. */
final class OpenClTuning implements Tuning {
  private final OpenClBackend backend;

  OpenClTuning(OpenClBackend backend) {
    this.backend = backend;
  }

  /** The tile does not depend on the dtype or the routing: the same variants serve every run of a shape. */
  @Override
  public List<Map<String, String>> candidates(GemmProblem problem) {
    return tiles(problem.shape()).stream().map(TileConfig::asMap).collect(Collectors.toList());
  }

  @Override
  public BoundGemm bind(PreparedWeights weights, GemmProblem problem, Map<String, String> configuration) {
    MoeShape shape = problem.shape();
    TileConfig tile = TileConfig.parse(backend.path(), shape, configuration);
    String reason = tile.unsupported(shape);
    if (reason != null) {
      String allowed = tiles(shape).stream().map(t -> t.asMap().toString()).collect(Collectors.joining(", "));
      throw new UnsupportedProblemException(backend.id(), "tile " + configuration + " is invalid: " + reason
          + " (" + backend.path().id() + " path; valid for this shape: " + allowed + ")");
    }
    return backend.bind(weights, problem, tile);
  }

  /** The program bind builds for this tile: its source and its build options (-cl-std and every -D). */
  @Override
  public String kernelFingerprint(GemmProblem problem, WeightLayout layout, boolean zeroPoints,
      Map<String, String> configuration) {
    TileConfig tile = TileConfig.parse(backend.path(), problem.shape(), configuration);
    return fingerprint(backend.spec(problem, layout, zeroPoints, tile), backend.runtime().facts.nvidiaCompilerOptions());
  }

  /**
   * What clBuildProgram gets for {@code spec}. The program cache's other key, the device and driver, is the tuning
   * cache's device key. Not compiler input, so not covered: the launch's work sizes and the weights' packing.
   */
  static String fingerprint(KernelSpec spec, boolean nvidiaCompilerOptions) {
    return fingerprint(spec.buildOptions(nvidiaCompilerOptions), spec.source());
  }

  /** The fingerprint of a program's build options and source code ({@link KernelCode}: a comment edit keeps it). */
  static String fingerprint(String buildOptions, String source) {
    return ContentHash.sha256().add(buildOptions).add("\0").add(KernelCode.of(source)).fingerprint();
  }

  private List<TileConfig> tiles(MoeShape shape) {
    return TileConfig.candidates(backend.path(), shape, backend.runtime().facts.maxWorkGroupSize());
  }
}
