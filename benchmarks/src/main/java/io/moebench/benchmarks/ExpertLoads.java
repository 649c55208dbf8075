package io.moebench.benchmarks;

import io.moebench.core.model.MoeShape;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints, as JSON, the rows each expert receives at the benchmark points (default: all of
 * {@link BenchPoint#DEFAULTS}), so that benchmarks/blas_reference.py times BLAS on exactly the
 * per-expert products the oracle computes.
 */
public final class ExpertLoads {
  private ExpertLoads() {}

  public static void main(String[] args) {
    List<String> points = Arrays.asList(args.length > 0 ? args : BenchPoint.DEFAULTS);
    System.out.println(points.stream().map(ExpertLoads::json).collect(Collectors.joining(",\n", "{\n", "\n}")));
  }

  private static String json(String text) {
    BenchPoint p = BenchPoint.parse(text);
    MoeShape s = p.shape();
    String loads =
        Arrays.stream(p.routing().expertLoads()).mapToObj(Integer::toString).collect(Collectors.joining(","));
    return "  \"" + p + "\": {\"k\": " + s.k() + ", \"n\": " + s.n() + ", \"useful_gflop\": " + p.usefulGflop()
        + ", \"rows\": [" + loads + "]}";
  }
}
