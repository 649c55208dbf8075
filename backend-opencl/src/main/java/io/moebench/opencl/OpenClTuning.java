package io.moebench.opencl;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.spi.Tuning;
import io.moebench.core.spi.UnsupportedProblemException;
import io.moebench.core.util.ContentHash;
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

  /** The same for every problem: the backend runs one path. */
  @Override
  public String kernelFingerprint(GemmProblem problem) {
    return kernelFingerprint(backend.path());
  }

  /** What a path's tiles compile from: its kernel with the headers inlined, and the OpenCL C version. */
  static String kernelFingerprint(MatrixPath path) {
    return fingerprint(path.languageOption(), KernelSource.load(path.sourceFile()));
  }

  /**
   * The fingerprint of a kernel source and its -cl-std option. The program cache's other keys are left out: the
   * device and driver are in the tuning cache's device key, the -D options follow from an entry's shape, dtype,
   * layout and tile.
   */
  static String fingerprint(String languageOption, String source) {
    return ContentHash.sha256().add(languageOption).add("\0").add(source).fingerprint();
  }

  private List<TileConfig> tiles(MoeShape shape) {
    return TileConfig.candidates(backend.path(), shape, backend.runtime().facts.maxWorkGroupSize());
  }
}
