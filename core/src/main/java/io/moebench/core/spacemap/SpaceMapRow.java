package io.moebench.core.spacemap;

import java.util.List;

/**
 * The GPU-free prediction for one (routing, T): load statistics over experts that got rows, and
 * block fill per block size.
 *
 * @param archetype archetype name or trace file name
 * @param tokens T
 * @param nvalid T * top_k
 * @param mean mean rows over experts with at least one row
 * @param median integer part of the median over those experts
 * @param max most rows of one expert
 * @param dead experts with no row
 * @param blocks the fill per requested block size, in request order
 */
public record SpaceMapRow(String archetype, int tokens, int nvalid, double mean, int median, int max, int dead,
    List<BlockFill> blocks) {

  /**
   * @param blockM block size
   * @param blocks blocks of this size
   * @param paddedRows blocks * blockM
   * @param usefulPct real rows / padded rows * 100
   * @param skinnyPct share of blocks holding at most 8 real rows, in percent
   */
  public record BlockFill(int blockM, int blocks, int paddedRows, double usefulPct, double skinnyPct) {}

  public BlockFill fill(int blockM) {
    return blocks.stream().filter(b -> b.blockM() == blockM).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("block_m " + blockM + " not computed"));
  }
}
