package io.moebench.core.inputs;

import io.moebench.core.align.AlignedLayout;
import io.moebench.core.model.GemmProblem;
import java.nio.file.Path;
import java.util.List;

/**
 * A run's output beside its inputs' aligned layout, so another tool can compare element by element:
 * c.npy [T*top_k, N] in routed-row order (row t*top_k + j; float16, or uint16 raw bf16 bits) and the
 * int32 arrays of moe_align_block_size exactly as the backend consumed them.
 */
public final class OutputDump {
  public static final String OUTPUT = "c.npy";
  public static final String SORTED_TOKEN_IDS = "sorted_token_ids.npy";
  public static final String EXPERT_IDS = "expert_ids.npy";
  public static final String NUM_TOKENS_POST_PADDED = "num_tokens_post_padded.npy";
  public static final List<String> FILES = List.of(OUTPUT, SORTED_TOKEN_IDS, EXPERT_IDS, NUM_TOKENS_POST_PADDED);

  private final Path dir;

  private OutputDump(Path dir) {
    this.dir = dir;
  }

  /** Creates the folder at once, so that a folder that cannot be written is refused before any work. */
  public static OutputDump to(Path dir) {
    InputFolder.createFolder(dir);
    return new OutputDump(dir);
  }

  /** @param c the output of {@code problem}, raw 16-bit values of its dtype */
  public void write(GemmProblem problem, short[] c) {
    InputFolder.writeShorts(dir.resolve(OUTPUT), problem.activations().dtype(),
        new long[] {problem.outputRows(), problem.shape().n()}, c);
    AlignedLayout l = problem.layout();
    InputFolder.writeInts(dir.resolve(SORTED_TOKEN_IDS), new long[] {l.sortedIds().length}, l.sortedIds());
    InputFolder.writeInts(dir.resolve(EXPERT_IDS), new long[] {l.blocks()}, l.expertIds());
    InputFolder.writeInts(dir.resolve(NUM_TOKENS_POST_PADDED), new long[] {1}, new int[] {l.numTokensPostPadded()});
  }
}
