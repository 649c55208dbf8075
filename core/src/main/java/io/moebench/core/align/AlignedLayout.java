package io.moebench.core.align;

import java.util.Arrays;

/**
 * The block layout every kernel consumes (vLLM / SGLang {@code moe_align_block_size}).
 *
 * @param sortedIds routed-row indices grouped by ascending expert, ascending row within an expert,
 *     each expert's segment padded to a multiple of blockM with {@link #sentinel()}; length
 *     {@code numTokensPostPadded}
 * @param expertIds the expert of each block of blockM sorted rows
 * @param numTokensPostPadded sum over experts of ceil(count / blockM) * blockM
 * @param sentinel T * top_k (the number of routed rows)
 * @param blockM rows per block
 */
public record AlignedLayout(int[] sortedIds, int[] expertIds, int numTokensPostPadded, int sentinel, int blockM) {

  public int blocks() {
    return expertIds.length;
  }

  /** Blocks that carry work: the padded total over block_m (later blocks of an engine-sized buffer are empty). */
  public int workBlocks() {
    return numTokensPostPadded / blockM;
  }

  /** Experts with rows: the distinct experts of the work blocks. */
  public int activeExperts() {
    return (int) Arrays.stream(expertIds, 0, workBlocks()).filter(e -> e >= 0).distinct().count();
  }

  /** The most work blocks any one expert has (0 without work): how unevenly the routing fills its experts. */
  public int largestExpertBlocks() {
    int[] largest = {0};
    forEachExpertRun((start, end) -> largest[0] = Math.max(largest[0], end - start));
    return largest[0];
  }

  /**
   * The first block of each work item when a kernel takes up to {@code blocksPerItem} blocks of one
   * expert at a time: every expert's run of work blocks cut into pieces of that many from its start
   * (the last piece shorter), so that no item straddles two experts and each piece shares its weight
   * loads. Blocks of no expert (-1) get no item.
   */
  public int[] runPieces(int blocksPerItem) {
    if (blocksPerItem < 1) {
      throw new IllegalArgumentException("blocks per item must be >= 1, got " + blocksPerItem);
    }
    int[] starts = new int[workBlocks()];
    int[] items = {0};
    forEachExpertRun((start, end) -> {
      for (int s = start; s < end; s += blocksPerItem) {
        starts[items[0]++] = s;
      }
    });
    return Arrays.copyOf(starts, items[0]);
  }

  /** Calls {@code run} with [start, end) of each expert's run of work blocks (blocks of no expert skipped). */
  private void forEachExpertRun(IntBinaryConsumer run) {
    int end = workBlocks();
    for (int b = 0; b < end;) {
      int runEnd = b + 1;
      while (runEnd < end && expertIds[runEnd] == expertIds[b]) {
        runEnd++;
      }
      if (expertIds[b] >= 0) {
        run.accept(b, runEnd);
      }
      b = runEnd;
    }
  }

  private interface IntBinaryConsumer {
    void accept(int start, int end);
  }

  /** Rows that are real (not sentinel), which equals T * top_k. */
  public int validRows() {
    return sentinel;
  }

  /**
   * The buffers as the reference engine allocates them: capacity T*top_k + E*(blockM-1) rows, the
   * tail filled with the sentinel, and blocks past the padded total carrying expert id -1.
   */
  public AlignedLayout withEngineCapacity(int experts) {
    int capacity = sentinel + experts * (blockM - 1);
    int capBlocks = (capacity + blockM - 1) / blockM;
    int[] ids = Arrays.copyOf(sortedIds, capacity);
    Arrays.fill(ids, numTokensPostPadded, capacity, sentinel);
    int[] experts2 = Arrays.copyOf(expertIds, capBlocks);
    Arrays.fill(experts2, expertIds.length, capBlocks, -1);
    return new AlignedLayout(ids, experts2, numTokensPostPadded, sentinel, blockM);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AlignedLayout a && Arrays.equals(a.sortedIds, sortedIds) && Arrays.equals(a.expertIds, expertIds)
        && a.numTokensPostPadded == numTokensPostPadded && a.sentinel == sentinel && a.blockM == blockM;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sortedIds) * 31 + Arrays.hashCode(expertIds);
  }

  @Override
  public String toString() {
    return "AlignedLayout[blocks=" + blocks() + ", padded=" + numTokensPostPadded + ", sentinel=" + sentinel
        + ", blockM=" + blockM + "]";
  }
}
