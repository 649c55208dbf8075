package io.moebench.cpuref;

import io.moebench.core.align.AlignedLayout;
import io.moebench.core.model.GemmProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A run of consecutive blocks of one expert in the aligned layout, as a kernel walks it: the real
 * routed rows of those blocks (sentinel rows skipped) and where each row's activations start in the
 * float copy of A, padded with the zero row to a multiple of {@link ReferenceGemm#ROW_GROUP}.
 */
record ExpertSegment(int expert, int[] routedRows, int[] rowOffsets) {

  int rows() {
    return routedRows.length;
  }

  int paddedRows() {
    return rowOffsets.length;
  }

  /** The segments of a layout that hold at least one real row; blocks with expert id -1 are skipped. */
  static List<ExpertSegment> of(GemmProblem problem, FloatActivations a) {
    AlignedLayout layout = problem.layout();
    int[] expertIds = layout.expertIds();
    int[] sorted = layout.sortedIds();
    int blockM = layout.blockM();
    List<ExpertSegment> segments = new ArrayList<>();
    int first = 0;
    while (first < expertIds.length) {
      int end = first + 1;
      while (end < expertIds.length && expertIds[end] == expertIds[first]) {
        end++;
      }
      if (expertIds[first] >= 0) {
        int[] rows = realRows(sorted, first * blockM, Math.min(end * blockM, sorted.length), layout.sentinel());
        if (rows.length > 0) {
          segments.add(new ExpertSegment(expertIds[first], rows, a.rowOffsets(rows, problem)));
        }
      }
      first = end;
    }
    return segments;
  }

  private static int[] realRows(int[] sorted, int from, int to, int sentinel) {
    int[] rows = new int[Math.max(0, to - from)];
    int count = 0;
    for (int pos = from; pos < to; pos++) {
      if (sorted[pos] < sentinel) {
        rows[count++] = sorted[pos];
      }
    }
    return Arrays.copyOf(rows, count);
  }
}
