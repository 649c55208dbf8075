package io.moebench.vulkan;

import io.moebench.core.InputException;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.verify.PlantedBug;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The vulkan backend's options (BackendConfig keys):
 * <ul>
 *   <li>{@code path=auto|portable|coopmat|coopmat-emulated}: the matrix path; auto takes
 *       cooperative matrices for each dtype the device lists them for, the portable path otherwise;
 *       coopmat-emulated runs the coopmat kernel with scalar matrix operations (a check, slow)</li>
 *   <li>{@code device=<index>}: a physical device by enumeration order (default: the best ranked,
 *       discrete GPUs first)</li>
 *   <li>{@code subgroup=<size>}: the subgroup size of the coopmat path, within the device's
 *       VK_EXT_subgroup_size_control range (default 32 where allowed, e.g. RDNA3 wave32)</li>
 *   <li>{@code validation=off|on|auto}: the Khronos validation layer with a debug-utils messenger
 *       that counts its messages; on fails when the layer is missing, auto uses it when present</li>
 *   <li>{@code flush-mb=<MiB>}: the cold-cache flush buffer (default: 256 MiB on GPUs, 64 MiB on
 *       CPU devices, within the device's limits); a size over the limits fails at the first flush</li>
 *   <li>{@code plant-bug=<id>}: a deliberately broken shader variant ({@link PlantedBug})</li>
 *   <li>{@code dedicated=auto|true|false}: weight buffers as VkMemoryDedicatedAllocateInfo
 *       allocations: auto where the driver prefers it (default), true always, false only where
 *       the driver requires it</li>
 *   <li>{@code weight-align=<bytes>}: each expert's weights start at a multiple of this device
 *       address (a power of two from 16, the default, to 2097152 = 2 MiB, a large page)</li>
 *   <li>{@code blocks=1|2|4}: blocks of one expert per workgroup (at most; a piece of its run) in the
 *       default tiles (default 1; halved until the tiles fit the device); `tune` overrides it</li>
 *   <li>{@code direct=auto|0|1}: 1 makes the default coopmat tiles load weights straight into B
 *       fragments, with 8 subgroups along N, where the device's fragment layout and the problem (G a
 *       multiple of BK) allow it, staged tiles elsewhere; auto (the default) is 1 on NVIDIA, where it
 *       was measured faster at every point of the sweep, 0 elsewhere until measured; `tune` overrides it</li>
 *   <li>{@code split-k=1|2|4|8}: the default coopmat tiles split K over this many workgroups (fp32
 *       partial sums added by a second pass; default 1; halved until the parts are whole K steps;
 *       the portable path never splits); `tune` overrides it</li>
 * </ul>
 *
 * @param path the requested path, empty for auto
 * @param device the physical device index, empty for the best ranked one
 * @param subgroupSize the requested subgroup size, empty for the default
 * @param validation off, on or auto
 * @param flushBytes the cache-flush buffer size, empty for the default
 * @param plantedBug the bug compiled into every shader, empty for the normal shaders
 * @param dedicated when weight buffers get dedicated allocations
 * @param weightAlign the device-address alignment of each expert's weights, in bytes
 * @param blocks blocks per workgroup in the default tiles
 * @param direct whether the default coopmat tiles load weights straight into B fragments where they can:
 *     empty for auto
 * @param splitK K parts (workgroups along z) of the default coopmat tiles
 */
record VulkanOptions(Optional<MatrixPath> path, Optional<Integer> device, Optional<Integer> subgroupSize,
    String validation, Optional<Long> flushBytes, Optional<PlantedBug> plantedBug, DeviceBuffer.Dedication dedicated,
    long weightAlign, int blocks, Optional<Boolean> direct, int splitK) {
  static final String FLUSH_MB = "flush-mb";
  static final String DEDICATED = "dedicated";
  static final String WEIGHT_ALIGN = "weight-align";
  static final String BLOCKS = "blocks";
  static final String DIRECT = "direct";
  static final String SPLIT_K = "split-k";
  static final long MIN_WEIGHT_ALIGN = 16;
  static final long MAX_WEIGHT_ALIGN = 2L << 20;
  /** The option keys, in the order error messages and the provider's description list them. */
  static final List<String> KEYS = List.of("device", "path", "subgroup", "validation", FLUSH_MB, PlantedBug.OPTION,
      DEDICATED, WEIGHT_ALIGN, BLOCKS, DIRECT, SPLIT_K);

  static VulkanOptions parse(BackendConfig config) {
    for (String key : config.options().keySet()) {
      InputException.require(KEYS.contains(key), "unknown vulkan option '" + key + "': allowed keys are "
          + String.join(", ", KEYS));
    }
    String p = config.get("path", "auto").trim().toLowerCase(Locale.ROOT);
    Optional<MatrixPath> path = p.equals("auto") ? Optional.empty() : Optional.of(MatrixPath.parse(p));
    Optional<Integer> device = integer(config, "device");
    device.ifPresent(d -> InputException.require(d >= 0, "vulkan option device=" + d + ": allowed values are 0 and up"));
    Optional<Integer> subgroup = integer(config, "subgroup");
    subgroup.ifPresent(s -> InputException.require(s > 0 && Integer.bitCount(s) == 1,
        "vulkan option subgroup=" + s + ": allowed values are powers of two such as 32 or 64"));
    String validation = config.get("validation", "off").trim().toLowerCase(Locale.ROOT);
    InputException.require(Set.of("off", "on", "auto").contains(validation),
        "vulkan option validation=" + validation + ": allowed values are off, on, auto");
    Optional<Integer> flushMb = integer(config, FLUSH_MB);
    flushMb.ifPresent(m -> InputException.require(m >= 1,
        "vulkan option " + FLUSH_MB + "=" + m + ": allowed values are 1 and up (MiB)"));
    Optional<PlantedBug> bug = Optional.ofNullable(config.get(PlantedBug.OPTION, null)).map(PlantedBug::parse);
    String d = config.get(DEDICATED, "auto").trim().toLowerCase(Locale.ROOT);
    DeviceBuffer.Dedication dedicated = Arrays.stream(DeviceBuffer.Dedication.values()).filter(x -> x.option.equals(d))
        .findFirst().orElseThrow(() -> new InputException("vulkan option " + DEDICATED + "=" + d
            + ": allowed values are auto, true, false"));
    long align = integer(config, WEIGHT_ALIGN).orElse((int) MIN_WEIGHT_ALIGN);
    InputException.require(align >= MIN_WEIGHT_ALIGN && align <= MAX_WEIGHT_ALIGN && Long.bitCount(align) == 1,
        "vulkan option " + WEIGHT_ALIGN + "=" + align + ": allowed values are powers of two from " + MIN_WEIGHT_ALIGN
        + " to " + MAX_WEIGHT_ALIGN + " (bytes)");
    int blocks = integer(config, BLOCKS).orElse(1);
    InputException.require(TileParameters.BLOCKS_VALUES.contains(blocks),
        "vulkan option " + BLOCKS + "=" + blocks + ": allowed values are " + TileParameters.BLOCKS_VALUES);
    String direct = config.get(DIRECT, "auto").trim().toLowerCase(Locale.ROOT);
    InputException.require(Set.of("auto", "0", "1").contains(direct),
        "vulkan option " + DIRECT + "=" + direct + ": allowed values are auto, 0, 1");
    int splitK = integer(config, SPLIT_K).orElse(1);
    InputException.require(TileParameters.SPLIT_K_VALUES.contains(splitK),
        "vulkan option " + SPLIT_K + "=" + splitK + ": allowed values are " + TileParameters.SPLIT_K_VALUES);
    return new VulkanOptions(path, device, subgroup, validation, flushMb.map(m -> (long) m << 20), bug, dedicated,
        align, blocks, direct.equals("auto") ? Optional.empty() : Optional.of(direct.equals("1")), splitK);
  }

  private static Optional<Integer> integer(BackendConfig config, String key) {
    return config.options().containsKey(key) ? Optional.of(config.getInt(key, 0)) : Optional.empty();
  }
}
