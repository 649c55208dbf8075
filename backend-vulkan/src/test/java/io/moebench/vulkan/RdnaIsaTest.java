package io.moebench.vulkan;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.testkit.ChildJvm;
import io.moebench.testkit.Devices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cooperative-matrix shaders compile to RDNA3 WMMA machine code: Mesa RADV 25.0 (unpacked by
 * src/test/radv/setup-radv.sh, found through -Dmoebench.radvDir, MOEBENCH_RADV_DIR, or the
 * script's default folder /tmp/moe-bench-radv) compiles
 * them on its null device for gfx1100 (navi31) and gfx1151 (Strix Halo), in wave32 and wave64, in a
 * child JVM whose Vulkan loader sees only that driver. Skipped without the driver unless devices
 * are required.
 */
class RdnaIsaTest {
  static final String DIR_PROPERTY = "moebench.radvDir";
  static final String DIR_ENV = "MOEBENCH_RADV_DIR";
  /** setup-radv.sh's default folder. */
  static final String DEFAULT_DIR = "/tmp/moe-bench-radv";
  private static final Pattern PIPELINE = Pattern.compile(
      "PIPELINE (.+) block_m=(\\d+) R=\\d+ depth=\\d+( direct)? wave=(\\d+) expected=(\\d+) subgroupSize=(\\d+) wmma=(\\d+) vgprs=(-?\\d+) spills=(\\d+)");
  private static final List<Integer> WAVES = List.of(32, 64);

  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource({"navi31, NAVI31", "gfx1151, GFX1151"})
  void coopmatShadersBecomeWmmaInWave32AndWave64(String family, String deviceTag) throws Exception {
    Path radv = radvDir();
    Path lib = radv.resolve("root/usr/lib/x86_64-linux-gnu");
    String icd = radv.resolve("radeon_icd.json").toString();
    Map<String, String> env = Map.of("VK_DRIVER_FILES", icd, "VK_ICD_FILENAMES", icd, "LD_LIBRARY_PATH", lib.toString(),
        "NODEVICE_SELECT", "1", "MESA_SHADER_CACHE_DISABLE", "true", "RADV_FORCE_FAMILY", family);
    ChildJvm.Result r = ChildJvm.run(RdnaIsaMain.class, env, List.of(), WAVES.stream().map(String::valueOf).toList(), 300);
    System.out.println(r.output());
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("DEVICE Null hardware (RADV " + deviceTag + ")");
    int pipelines = 0;
    int direct = 0;
    Matcher m = PIPELINE.matcher(r.output());
    while (m.find()) {
      pipelines++;
      direct += m.group(3) != null ? 1 : 0;
      assertThat(Integer.parseInt(m.group(6))).as(m.group()).isEqualTo(Integer.parseInt(m.group(4)));
      // the unrolled main loop: one v_wmma per accumulator tile per 16-wide K slice of a step
      assertThat(Integer.parseInt(m.group(7))).as(m.group()).isEqualTo(Integer.parseInt(m.group(5))).isPositive();
      assertThat(Integer.parseInt(m.group(9))).as("spilled registers: " + m.group()).isZero();
    }
    assertThat(pipelines).as("4 variants x 2 block sizes x (3 tilings x 2 waves + direct loads in wave32)").isEqualTo(56);
    assertThat(direct).isEqualTo(8);
  }

  private static Path radvDir() {
    String env = System.getenv(DIR_ENV);
    String dir = System.getProperty(DIR_PROPERTY, env != null ? env : DEFAULT_DIR);
    Path icd = Path.of(dir, "radeon_icd.json");
    if (!Files.isRegularFile(icd)) {
      String msg = "no unpacked Mesa RADV (" + icd + " is missing): run backend-vulkan/src/test/radv/setup-radv.sh DIR"
          + " and set " + DIR_ENV + "=DIR (or -D" + DIR_PROPERTY + "=DIR)";
      if (Devices.required()) {
        Assertions.fail(msg + " (-D" + Devices.REQUIRE_PROPERTY + "=true)");
      }
      Assumptions.abort(msg);
    }
    return Path.of(dir);
  }
}
