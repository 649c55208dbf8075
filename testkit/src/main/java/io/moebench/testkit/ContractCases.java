package io.moebench.testkit;

import io.moebench.core.model.MoeShape;
import io.moebench.core.model.MoeShape.ActivationRows;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import java.util.ArrayList;
import java.util.List;

/**
 * The points every backend must get right: every archetype, both gemm kinds, both dtypes, both
 * layouts, zero points, ragged and empty experts, sentinel rows, every group size and both block
 * sizes; small enough to run on CPU devices (PoCL, lavapipe) in seconds.
 */
public final class ContractCases {
  private ContractCases() {}

  /** gemm1-like: A per token, K = 256, N = 256, E = 16, top_k = 4. */
  public static MoeShape smallGemm1(int groupSize, int blockM) {
    return new MoeShape("gemm1", 16, 256, 256, groupSize, blockM, ActivationRows.PER_TOKEN);
  }

  /** gemm2-like: A per routed row, K = 128, N = 256, E = 16. */
  public static MoeShape smallGemm2(int groupSize, int blockM) {
    return new MoeShape("gemm2", 16, 128, 256, groupSize, blockM, ActivationRows.PER_ROUTED_ROW);
  }

  public static List<ContractCase> all() {
    List<ContractCase> cases = new ArrayList<>();
    long seed = 11;
    for (String archetype : Archetype.DEFAULTS) {
      for (Dtype dtype : Dtype.values()) {
        for (WeightLayout layout : WeightLayout.values()) {
          cases.add(new ContractCase(smallGemm1(64, 32), archetype, 37, 4, dtype, layout, false, seed++));
          cases.add(new ContractCase(smallGemm2(32, 16), archetype, 29, 4, dtype, layout, false, seed++));
        }
      }
    }
    // group size 128, zero points, a single token, many tokens, block 16
    cases.add(new ContractCase(smallGemm1(128, 16), "zipf1", 1, 4, Dtype.BF16, WeightLayout.EXLLAMA, false, 101));
    cases.add(new ContractCase(smallGemm1(128, 32), "zipf2", 200, 4, Dtype.FP16, WeightLayout.GPTQ, true, 102));
    cases.add(new ContractCase(smallGemm2(64, 32), "uniform", 64, 4, Dtype.BF16, WeightLayout.EXLLAMA, true, 103));
    cases.add(new ContractCase(smallGemm1(32, 16), "hot:2", 50, 4, Dtype.FP16, WeightLayout.EXLLAMA, true, 104));
    return cases;
  }

  /** The real gemm1 and gemm2 shapes with few experts: long K loops and full-size N. */
  public static List<ContractCase> presets() {
    return List.of(
        new ContractCase(MoeShape.gemm1(8, 128, 32), "zipf1", 24, 8, Dtype.BF16, WeightLayout.EXLLAMA, false, 201),
        new ContractCase(MoeShape.gemm2(8, 128, 32), "uniform", 12, 8, Dtype.FP16, WeightLayout.GPTQ, false, 202));
  }
}
