package io.moebench.opencl;

import io.moebench.core.InputException;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.verify.PlantedBug;
import java.util.Set;

/**
 * The backend options: {@code path=portable|nvidia-mma|gfx11-wmma} (default: detected from the
 * device), {@code platform=<index>} and {@code device=<index>} (default: the first GPU, else the
 * first device), {@code flush-mb=<MiB>} (the cold-cache flush buffer; default: sized from the
 * device's cache), {@code order=auto|blocks|tiles} (the work-groups' launch order, see
 * {@link WorkGroupOrder}) and {@code plant-bug=<id>} (a deliberately broken kernel, see {@link PlantedBug}).
 * Unknown keys are refused.
 *
 * @param path the forced matrix path, or null to detect it
 * @param platform platform index, or -1 for the default
 * @param device device index within the platform, or -1 for the default
 * @param plantedBug the bug compiled into every kernel, or null (the normal kernels)
 * @param flushBytes the cache-flush buffer size, or 0 for the default
 * @param order the work-groups' launch order
 */
record OpenClOptions(MatrixPath path, int platform, int device, PlantedBug plantedBug, long flushBytes,
    WorkGroupOrder order) {
  static final OpenClOptions DEFAULT = new OpenClOptions(null, -1, -1);
  static final String FLUSH_MB = "flush-mb";
  private static final Set<String> KEYS = Set.of("path", "platform", "device", FLUSH_MB, WorkGroupOrder.OPTION,
      PlantedBug.OPTION);

  OpenClOptions(MatrixPath path, int platform, int device) {
    this(path, platform, device, null, 0, WorkGroupOrder.AUTO);
  }

  static OpenClOptions parse(BackendConfig config) {
    for (String key : config.options().keySet()) {
      InputException.require(KEYS.contains(key), "unknown opencl option '" + key + "': allowed path, platform, device, "
          + FLUSH_MB + ", " + WorkGroupOrder.OPTION + ", " + PlantedBug.OPTION);
    }
    String path = config.get("path", null);
    String bug = config.get(PlantedBug.OPTION, null);
    int flushMb = config.getInt(FLUSH_MB, 0);
    InputException.require(flushMb >= 1 || !config.options().containsKey(FLUSH_MB),
        "opencl option " + FLUSH_MB + "=" + flushMb + " must be a size in MiB >= 1");
    return new OpenClOptions(path == null ? null : MatrixPath.parse(path), index(config, "platform"),
        index(config, "device"), bug == null ? null : PlantedBug.parse(bug), (long) flushMb << 20,
        WorkGroupOrder.parse(config.get(WorkGroupOrder.OPTION, WorkGroupOrder.AUTO.id())));
  }

  private static int index(BackendConfig config, String key) {
    int value = config.getInt(key, -1);
    InputException.require(value >= -1, "opencl option " + key + "=" + value + " must be an index >= 0");
    return value;
  }
}
