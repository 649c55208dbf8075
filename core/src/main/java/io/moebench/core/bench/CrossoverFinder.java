package io.moebench.core.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds the crossover of each (gemm, archetype) in measured points that have a baseline. */
public final class CrossoverFinder {
  private CrossoverFinder() {}

  /**
   * @param sweepTokens the planned token counts: a series holding other T values was refined by bisection
   */
  public static List<Crossover> find(List<BenchPoint> points, java.util.Collection<Integer> sweepTokens) {
    Map<String, List<BenchPoint>> groups = new LinkedHashMap<>();
    for (BenchPoint p : points) {
      if (p.speedupPct() != null && !p.failed()) {
        groups.computeIfAbsent(p.gemm() + "\u0000" + p.archetype(), k -> new ArrayList<>()).add(p);
      }
    }
    List<Crossover> out = new ArrayList<>();
    for (List<BenchPoint> g : groups.values()) {
      out.add(of(g, g.stream().anyMatch(p -> !sweepTokens.contains(p.tokens()))));
    }
    return out;
  }

  /** The crossover of one (gemm, archetype) series; refined marks series that bisection extended. */
  public static Crossover of(List<BenchPoint> series, boolean refined) {
    List<BenchPoint> s = new ArrayList<>(series);
    s.sort(Comparator.comparingInt(BenchPoint::tokens));
    BenchPoint largest = s.get(s.size() - 1);
    Integer from = null;
    Integer losing = null;
    for (int i = s.size() - 1; i >= 0; i--) {
      if (s.get(i).speedupPct() > 0) {
        from = s.get(i).tokens();
      } else {
        losing = s.get(i).tokens();
        break;
      }
    }
    return new Crossover(largest.gemm(), largest.archetype(), from, from == null ? null : losing, refined,
        largest.speedupPct());
  }
}
