package io.moebench.opencl;

import io.moebench.core.InputException;
import io.moebench.core.spi.BackendConfig;
import java.util.Set;

/**
 * The backend options: {@code path=portable|nvidia-mma|gfx11-wmma} (default: detected from the
 * device), {@code platform=<index>} and {@code device=<index>} (default: the first GPU, else the
 * first device). Unknown keys are refused.
 *
 * @param path the forced matrix path, or null to detect it
 * @param platform platform index, or -1 for the default
 * @param device device index within the platform, or -1 for the default
 */
record OpenClOptions(MatrixPath path, int platform, int device) {
  static final OpenClOptions DEFAULT = new OpenClOptions(null, -1, -1);
  private static final Set<String> KEYS = Set.of("path", "platform", "device");

  static OpenClOptions parse(BackendConfig config) {
    for (String key : config.options().keySet()) {
      InputException.require(KEYS.contains(key), "unknown opencl option '" + key + "': allowed path, platform, device");
    }
    String path = config.get("path", null);
    return new OpenClOptions(path == null ? null : MatrixPath.parse(path), index(config, "platform"), index(config, "device"));
  }

  private static int index(BackendConfig config, String key) {
    int value = config.getInt(key, -1);
    InputException.require(value >= -1, "opencl option " + key + "=" + value + " must be an index >= 0");
    return value;
  }
}
