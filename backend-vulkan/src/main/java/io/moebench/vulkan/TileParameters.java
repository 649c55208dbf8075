package io.moebench.vulkan;

import io.moebench.core.spi.UnsupportedProblemException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link TileConfig} as the tuner's string map (`moe-bench tune`): BN, BK, the blocks per
 * workgroup R and the path's own parameters (TN on the portable path; subgroups along M and N, the
 * K steps of loads in flight, direct weight loads and split-K on the coopmat path). The block size,
 * matrix shape and subgroup size stay those of the problem and the device.
 */
final class TileParameters {
  static final String BN = "bn";
  static final String BK = "bk";
  static final String TN = "tn";
  static final String SG_M = "sgM";
  static final String SG_N = "sgN";
  static final String BLOCKS = "blocks";
  static final String DEPTH = "depth";
  /** 1: weights loaded straight into the invocations' B fragments (coopmat path, where the device's layout allows). */
  static final String DIRECT = "direct";
  /** Workgroups that split K (coopmat path), their partial sums added by a second pass. */
  static final String SPLIT_K = "splitK";
  static final List<Integer> SPLIT_K_VALUES = List.of(1, 2, 4, 8);
  /**
   * Split-K candidates only where the partial sums (parts x C rows x N, fp32) stay within this: their
   * writes and the second pass's reads would cost more than a short K loop saves on bigger problems.
   */
  static final long MAX_PARTIAL_BYTES = 64L << 20;
  private static final List<Integer> DEPTH_VALUES = List.of(1, 2);
  private static final List<Integer> DIRECT_VALUES = List.of(0, 1);
  static final List<Integer> BLOCKS_VALUES = List.of(1, 2, 4);
  private static final int MAX_BLOCKS_TIMES_BN = 256;
  /**
   * Direct-load tiles of 8 subgroups go to R x BN = 512: one accumulator column per subgroup leaves
   * room for 8 M tiles, so each B fragment built serves 8 multiplies.
   */
  private static final int MAX_DIRECT_WIDE_BLOCKS_TIMES_BN = 512;
  private static final List<Integer> BN_VALUES = List.of(64, 128, 256);
  private static final List<Integer> BK_VALUES = List.of(32, 64, 128);
  /** BK of the full sweep; 128 (half the barriers per K, twice the shared memory) only with wide workgroups. */
  private static final List<Integer> BK_SWEEP = List.of(32, 64);
  private static final List<Integer> TN_VALUES = List.of(2, 4, 8);
  private static final List<Integer> SG_VALUES = List.of(1, 2, 4, 8);
  /** Subgroups of the wide workgroups tried besides the default's: half the accumulators and loads per invocation. */
  private static final int WIDE_SUBGROUPS = 8;
  private static final int WIDE_BK = 128;

  private TileParameters() {}

  /** The configuration's parameters, in a stable key order. */
  static Map<String, String> of(TileConfig config) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(BN, Integer.toString(config.bn()));
    m.put(BK, Integer.toString(config.bk()));
    m.put(BLOCKS, Integer.toString(config.blocks()));
    if (config instanceof TileConfig.Portable p) {
      m.put(TN, Integer.toString(p.tn()));
    } else if (config instanceof TileConfig.Coopmat c) {
      m.put(SG_M, Integer.toString(c.sgM()));
      m.put(SG_N, Integer.toString(c.sgN()));
      m.put(DEPTH, Integer.toString(c.depth()));
      m.put(DIRECT, c.direct() ? "1" : "0");
      m.put(SPLIT_K, Integer.toString(c.splitK()));
    }
    return m;
  }

  /**
   * {@code base} with the given parameters replaced; refuses unknown keys, values outside the
   * allowed ones, inconsistent tiles and tiles the device or the problem (N, K) cannot run.
   */
  static TileConfig apply(TileConfig base, Map<String, String> parameters, int n, int k, int groupSize,
      PhysicalDeviceInfo device) {
    Map<String, String> merged = of(base);
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      if (!merged.containsKey(e.getKey())) {
        throw refused("unknown tile parameter '" + e.getKey() + "' for the " + base.path().id() + " path; allowed: "
            + String.join(", ", merged.keySet()));
      }
      List<Integer> allowed = allowed(e.getKey());
      Integer value = parse(e.getValue());
      if (value == null || !allowed.contains(value)) {
        throw refused("tile parameter " + e.getKey() + "=" + e.getValue() + " is not allowed; allowed: " + allowed);
      }
      merged.put(e.getKey(), e.getValue());
    }
    TileConfig config;
    try {
      config = build(base, merged);
    } catch (IllegalArgumentException ex) {
      throw refused(merged + ": " + ex.getMessage());
    }
    String reason = unrunnable(config, n, k, groupSize, device);
    if (reason != null) {
      throw refused(reason);
    }
    return config;
  }

  /**
   * {@code first} (the backend's default tiles, which may load directly) and {@code base} (the staged
   * default tiles) first, then variants of {@code base} the device and the problem can run: every BN, BK and
   * arrangement with R * BN at most {@link #MAX_BLOCKS_TIMES_BN} (R = 4 holds four times the
   * accumulators of R = 1 and pairs with narrow N tiles); on the coopmat path also each BN with two
   * K steps in flight at R = 1 and the base's BK and arrangement (the memory-bound points' lever),
   * and the same R and BN with twice the subgroups, at the base's BK (also with two K steps in flight
   * at R = 1) and at BK 128, the direct-load tiles of {@link #addDirectCandidates} and, for a problem
   * of {@code outputRows} C rows, the split-K tiles of {@link #addSplitCandidates} (BN and the
   * subgroups along N must agree, so fewer are valid than the loops name).
   */
  static List<TileConfig> candidates(TileConfig first, TileConfig base, int n, int k, int groupSize, long outputRows,
      PhysicalDeviceInfo device) {
    Set<TileConfig> all = new LinkedHashSet<>();
    all.add(first);
    all.add(base);
    List<Integer> arrangements = base instanceof TileConfig.Portable ? TN_VALUES : SG_VALUES;
    for (int blocks : BLOCKS_VALUES) {
      for (int bn : BN_VALUES) {
        if (blocks * bn > MAX_BLOCKS_TIMES_BN) {
          continue;
        }
        for (int bk : BK_SWEEP) {
          for (int a : arrangements) {
            Map<String, String> m = of(base);
            m.put(BLOCKS, Integer.toString(blocks));
            m.put(BN, Integer.toString(bn));
            m.put(BK, Integer.toString(bk));
            addVariant(all, base, m, a, n, k, groupSize, device);
          }
        }
      }
    }
    if (base instanceof TileConfig.Coopmat c) {
      for (int bn : BN_VALUES) {
        Map<String, String> m = of(base);
        m.put(BLOCKS, "1");
        m.put(BN, Integer.toString(bn));
        m.put(DEPTH, "2");
        addCandidate(all, base, m, n, k, groupSize, device);
      }
      // twice the subgroups on the same tiles: on NVIDIA the 4-subgroup tiles need 150-220 registers per
      // invocation, which leaves 8-12 subgroups per multiprocessor to hide latency
      for (int blocks : BLOCKS_VALUES) {
        for (int bn : BN_VALUES) {
          if (blocks * bn > MAX_BLOCKS_TIMES_BN) {
            continue;
          }
          for (int sgM : List.of(1, 2)) {
            for (int bk : List.of(c.bk(), WIDE_BK)) {
              Map<String, String> m = of(base);
              m.put(BLOCKS, Integer.toString(blocks));
              m.put(BN, Integer.toString(bn));
              m.put(BK, Integer.toString(bk));
              m.put(SG_M, Integer.toString(sgM));
              m.put(SG_N, Integer.toString(WIDE_SUBGROUPS / sgM));
              addCandidate(all, base, m, n, k, groupSize, device);
              if (blocks == 1 && bk == c.bk()) {
                m.put(DEPTH, "2");
                addCandidate(all, base, m, n, k, groupSize, device);
              }
            }
          }
        }
      }
      addDirectCandidates(all, c, n, k, groupSize, device);
      addSplitCandidates(all, c, n, k, groupSize, outputRows, device);
    }
    return new ArrayList<>(all);
  }

  /**
   * Split-K over 2 and 4 workgroups where the partial sums of {@code outputRows} C rows stay within
   * {@link #MAX_PARTIAL_BYTES}: the R and BN of the direct-load tiles (staged where the device cannot
   * load directly), narrow BN only (split-K pays where few tiles leave the GPU idle), one K step in flight.
   * On an H100 a split tile won at 1 of the 16 few-block points (hot16, zipf2, T <= 256; docs/PERF.md,
   * session 6), by 5 %: the extra workgroups mostly run in extra waves there. 8 parts were slower still and
   * are not tried.
   */
  private static void addSplitCandidates(Set<TileConfig> all, TileConfig.Coopmat base, int n, int k, int groupSize,
      long outputRows, PhysicalDeviceInfo device) {
    boolean direct = base.fragments() != null && base.fragments().unusable() == null;
    for (int split : List.of(2, 4)) {
      if (4L * split * outputRows * n > MAX_PARTIAL_BYTES) {
        continue;
      }
      for (int blocks : BLOCKS_VALUES) {
        for (int bn : List.of(64, 128)) {
          for (int sgN : List.of(base.sgM() * base.sgN(), WIDE_SUBGROUPS)) {
            if (blocks * bn > (sgN == WIDE_SUBGROUPS ? MAX_DIRECT_WIDE_BLOCKS_TIMES_BN : MAX_BLOCKS_TIMES_BN)) {
              continue;
            }
            Map<String, String> m = of(base);
            m.put(BLOCKS, Integer.toString(blocks));
            m.put(BN, Integer.toString(bn));
            m.put(SG_M, "1");
            m.put(SG_N, Integer.toString(sgN));
            m.put(DIRECT, direct ? "1" : "0");
            m.put(SPLIT_K, Integer.toString(split));
            addCandidate(all, base, m, n, k, groupSize, device);
          }
        }
      }
    }
  }

  /**
   * Direct weight loads, where the device's fragment layout allows them: subgroups along N only (4 or
   * 8: each loads its own columns' weights; 8 also with R x BN up to 512), at the base's BK and at 128,
   * two K steps in flight at R = 1 and the base's BK.
   */
  private static void addDirectCandidates(Set<TileConfig> all, TileConfig.Coopmat base, int n, int k, int groupSize,
      PhysicalDeviceInfo device) {
    if (base.fragments() == null || base.fragments().unusable() != null) {
      return;
    }
    for (int blocks : BLOCKS_VALUES) {
      for (int bn : BN_VALUES) {
        for (int sgN : List.of(base.sgM() * base.sgN(), WIDE_SUBGROUPS)) {
          if (blocks * bn > (sgN == WIDE_SUBGROUPS ? MAX_DIRECT_WIDE_BLOCKS_TIMES_BN : MAX_BLOCKS_TIMES_BN)) {
            continue;
          }
          for (int bk : List.of(base.bk(), WIDE_BK)) {
            Map<String, String> m = of(base);
            m.put(BLOCKS, Integer.toString(blocks));
            m.put(BN, Integer.toString(bn));
            m.put(BK, Integer.toString(bk));
            m.put(SG_M, "1");
            m.put(SG_N, Integer.toString(sgN));
            m.put(DIRECT, "1");
            addCandidate(all, base, m, n, k, groupSize, device);
            if (blocks == 1 && bk == base.bk()) {
              m.put(DEPTH, "2");
              addCandidate(all, base, m, n, k, groupSize, device);
            }
          }
        }
      }
    }
  }

  /** Adds {@code m} with arrangement {@code a} to {@code all} when it is a tiling the device and problem can run. */
  private static void addVariant(Set<TileConfig> all, TileConfig base, Map<String, String> m, int a, int n, int k,
      int groupSize, PhysicalDeviceInfo device) {
    if (base instanceof TileConfig.Portable) {
      m.put(TN, Integer.toString(a));
    } else {
      // the same number of subgroups as the default, split differently between M and N
      TileConfig.Coopmat c = (TileConfig.Coopmat) base;
      int subgroups = c.sgM() * c.sgN();
      if (subgroups % a != 0) {
        return;
      }
      m.put(SG_M, Integer.toString(a));
      m.put(SG_N, Integer.toString(subgroups / a));
    }
    addCandidate(all, base, m, n, k, groupSize, device);
  }

  /** Adds the tiling {@code m} names to {@code all} when it is valid and the device and problem can run it. */
  private static void addCandidate(Set<TileConfig> all, TileConfig base, Map<String, String> m, int n, int k,
      int groupSize, PhysicalDeviceInfo device) {
    try {
      TileConfig config = build(base, m);
      if (unrunnable(config, n, k, groupSize, device) == null) {
        all.add(config);
      }
    } catch (IllegalArgumentException inconsistent) {
      // not a valid tiling for this block size: not a candidate
    }
  }

  private static TileConfig build(TileConfig base, Map<String, String> m) {
    int bn = Integer.parseInt(m.get(BN));
    int bk = Integer.parseInt(m.get(BK));
    int blocks = Integer.parseInt(m.get(BLOCKS));
    if (base instanceof TileConfig.Portable p) {
      return new TileConfig.Portable(p.blockM(), bn, bk, Integer.parseInt(m.get(TN)), p.workgroupSize(), blocks);
    }
    TileConfig.Coopmat c = (TileConfig.Coopmat) base;
    return new TileConfig.Coopmat(c.path(), c.blockM(), bn, bk, Integer.parseInt(m.get(SG_M)),
        Integer.parseInt(m.get(SG_N)), c.subgroupSize(), c.shape(), blocks, Integer.parseInt(m.get(DEPTH)), c.fragments(),
        m.get(DIRECT).equals("1"), Integer.parseInt(m.get(SPLIT_K)));
  }

  private static String unrunnable(TileConfig config, int n, int k, int groupSize, PhysicalDeviceInfo device) {
    String group = config.unsupported(groupSize);
    if (group != null) {
      return group;
    }
    if (n % config.bn() != 0) {
      return config.describe() + ": N " + n + " is not a multiple of BN " + config.bn();
    }
    if (k % (config.bk() * config.splitK()) != 0) {
      return config.describe() + ": K " + k + " is not a multiple of BK " + config.bk() + " x split-K " + config.splitK();
    }
    return config.unfit(device);
  }

  private static List<Integer> allowed(String key) {
    return switch (key) {
      case BN -> BN_VALUES;
      case BK -> BK_VALUES;
      case BLOCKS -> BLOCKS_VALUES;
      case DEPTH -> DEPTH_VALUES;
      case DIRECT -> DIRECT_VALUES;
      case SPLIT_K -> SPLIT_K_VALUES;
      case TN -> TN_VALUES;
      default -> SG_VALUES;
    };
  }

  private static Integer parse(String value) {
    try {
      return Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static UnsupportedProblemException refused(String message) {
    return new UnsupportedProblemException(VulkanProvider.ID, message);
  }
}
