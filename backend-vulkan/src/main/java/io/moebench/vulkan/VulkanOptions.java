package io.moebench.vulkan;

import io.moebench.core.InputException;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.verify.PlantedBug;
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
 * </ul>
 *
 * @param path the requested path, empty for auto
 * @param device the physical device index, empty for the best ranked one
 * @param subgroupSize the requested subgroup size, empty for the default
 * @param validation off, on or auto
 * @param flushBytes the cache-flush buffer size, empty for the default
 * @param plantedBug the bug compiled into every shader, empty for the normal shaders
 */
record VulkanOptions(Optional<MatrixPath> path, Optional<Integer> device, Optional<Integer> subgroupSize,
    String validation, Optional<Long> flushBytes, Optional<PlantedBug> plantedBug) {
  static final String FLUSH_MB = "flush-mb";
  static final Set<String> KEYS = Set.of("path", "device", "subgroup", "validation", FLUSH_MB, PlantedBug.OPTION);

  static VulkanOptions parse(BackendConfig config) {
    for (String key : config.options().keySet()) {
      InputException.require(KEYS.contains(key), "unknown vulkan option '" + key
          + "': allowed keys are device, path, subgroup, validation, " + FLUSH_MB + ", " + PlantedBug.OPTION);
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
    return new VulkanOptions(path, device, subgroup, validation, flushMb.map(m -> (long) m << 20), bug);
  }

  private static Optional<Integer> integer(BackendConfig config, String key) {
    return config.options().containsKey(key) ? Optional.of(config.getInt(key, 0)) : Optional.empty();
  }
}
