package io.moebench.vulkan;

import io.moebench.core.spi.UnsupportedProblemException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link TileConfig} as the tuner's string map (`moe-bench tune`): BN, BK and the path's own
 * arrangement (TN on the portable path, subgroups along M and N on the coopmat path). The block
 * size, matrix shape and subgroup size stay those of the problem and the device.
 */
final class TileParameters {
  static final String BN = "bn";
  static final String BK = "bk";
  static final String TN = "tn";
  static final String SG_M = "sgM";
  static final String SG_N = "sgN";
  private static final List<Integer> BN_VALUES = List.of(64, 128, 256);
  private static final List<Integer> BK_VALUES = List.of(32, 64);
  private static final List<Integer> TN_VALUES = List.of(2, 4, 8);
  private static final List<Integer> SG_VALUES = List.of(1, 2, 4);

  private TileParameters() {}

  /** The configuration's parameters, in a stable key order. */
  static Map<String, String> of(TileConfig config) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(BN, Integer.toString(config.bn()));
    m.put(BK, Integer.toString(config.bk()));
    if (config instanceof TileConfig.Portable p) {
      m.put(TN, Integer.toString(p.tn()));
    } else if (config instanceof TileConfig.Coopmat c) {
      m.put(SG_M, Integer.toString(c.sgM()));
      m.put(SG_N, Integer.toString(c.sgN()));
    }
    return m;
  }

  /**
   * {@code base} with the given parameters replaced; refuses unknown keys, values outside the
   * allowed ones, inconsistent tiles and tiles the device or the problem (N, K) cannot run.
   */
  static TileConfig apply(TileConfig base, Map<String, String> parameters, int n, int k, PhysicalDeviceInfo device) {
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
    String reason = unrunnable(config, n, k, device);
    if (reason != null) {
      throw refused(reason);
    }
    return config;
  }

  /** {@code base} first, then every variant of BN, BK and the arrangement the device and the problem can run. */
  static List<TileConfig> candidates(TileConfig base, int n, int k, PhysicalDeviceInfo device) {
    Set<TileConfig> all = new LinkedHashSet<>();
    all.add(base);
    List<Integer> arrangements = base instanceof TileConfig.Portable ? TN_VALUES : SG_VALUES;
    for (int bn : BN_VALUES) {
      for (int bk : BK_VALUES) {
        for (int a : arrangements) {
          Map<String, String> m = of(base);
          m.put(BN, Integer.toString(bn));
          m.put(BK, Integer.toString(bk));
          if (base instanceof TileConfig.Portable) {
            m.put(TN, Integer.toString(a));
          } else {
            // the same number of subgroups as the default, split differently between M and N
            TileConfig.Coopmat c = (TileConfig.Coopmat) base;
            int subgroups = c.sgM() * c.sgN();
            if (subgroups % a != 0) {
              continue;
            }
            m.put(SG_M, Integer.toString(a));
            m.put(SG_N, Integer.toString(subgroups / a));
          }
          try {
            TileConfig config = build(base, m);
            if (unrunnable(config, n, k, device) == null) {
              all.add(config);
            }
          } catch (IllegalArgumentException inconsistent) {
            // not a valid tiling for this block size: not a candidate
          }
        }
      }
    }
    return new ArrayList<>(all);
  }

  private static TileConfig build(TileConfig base, Map<String, String> m) {
    int bn = Integer.parseInt(m.get(BN));
    int bk = Integer.parseInt(m.get(BK));
    if (base instanceof TileConfig.Portable p) {
      return new TileConfig.Portable(p.blockM(), bn, bk, Integer.parseInt(m.get(TN)), p.workgroupSize());
    }
    TileConfig.Coopmat c = (TileConfig.Coopmat) base;
    return new TileConfig.Coopmat(c.path(), c.blockM(), bn, bk, Integer.parseInt(m.get(SG_M)),
        Integer.parseInt(m.get(SG_N)), c.subgroupSize(), c.shape());
  }

  private static String unrunnable(TileConfig config, int n, int k, PhysicalDeviceInfo device) {
    if (n % config.bn() != 0) {
      return config.describe() + ": N " + n + " is not a multiple of BN " + config.bn();
    }
    if (k % config.bk() != 0) {
      return config.describe() + ": K " + k + " is not a multiple of BK " + config.bk();
    }
    return config.unfit(device);
  }

  private static List<Integer> allowed(String key) {
    return switch (key) {
      case BN -> BN_VALUES;
      case BK -> BK_VALUES;
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
