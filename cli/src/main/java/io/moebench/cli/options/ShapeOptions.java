package io.moebench.cli.options;

import io.moebench.core.InputException;
import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** GEMM shape and weight-format flags shared by bench, validate and sweep. */
public final class ShapeOptions {
  @Option(names = "--gemm", split = ",", paramLabel = "LIST", defaultValue = "1,2",
      description = "GEMMs: 1 (up/gate, K=2048 N=1024), 2 (down, K=512 N=2048). Default ${DEFAULT-VALUE}.")
  List<Integer> gemms;

  @Option(names = "--group-size", paramLabel = "G", defaultValue = "128",
      description = "Quantisation group size along K: 32, 64 or 128 (default ${DEFAULT-VALUE}).")
  int groupSize;

  @Option(names = "--block-m", paramLabel = "B", defaultValue = "32",
      description = "Rows per block of the aligned layout (default ${DEFAULT-VALUE}).")
  int blockM;

  @Option(names = "--zero-points", description = "Asymmetric weights with zero points (default: symmetric, z = 8).")
  boolean zeroPoints;

  public List<Integer> gemms() {
    for (int g : gemms) {
      InputException.require(g == 1 || g == 2, "--gemm: unknown gemm " + g + "; allowed values are 1 and 2");
    }
    return List.copyOf(new LinkedHashSet<>(gemms));
  }

  public int groupSize() {
    InputException.require(MoeShape.GROUP_SIZES.contains(groupSize),
        "--group-size " + groupSize + ": allowed values are 32, 64, 128");
    return groupSize;
  }

  public int blockM() {
    InputException.require(blockM >= 1 && blockM <= 1024, "--block-m must be between 1 and 1024 (got " + blockM + ")");
    return blockM;
  }

  public boolean zeroPoints() {
    return zeroPoints;
  }

  /** Parses a comma-separated dtype list (validate takes several, bench one). */
  public static List<Dtype> dtypes(List<String> names) {
    return names.stream().map(Dtype::parse).distinct().toList();
  }

  public static List<WeightLayout> layouts(List<String> names) {
    return names.stream().map(WeightLayout::parse).distinct().toList();
  }
}
