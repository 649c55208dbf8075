package io.moebench.vulkan;

import static org.lwjgl.system.MemoryUtil.memAlloc;
import static org.lwjgl.system.MemoryUtil.memGetAddress;
import static org.lwjgl.system.MemoryUtil.nmemFree;
import static org.lwjgl.system.MemoryUtil.memUTF8;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compilation_status_success;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compile_into_spv;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compile_options_add_macro_definition;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compile_options_initialize;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compile_options_release;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compile_options_set_include_callbacks;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compile_options_set_optimization_level;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compile_options_set_target_env;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compile_options_set_target_spirv;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compiler_initialize;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compiler_release;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_compute_shader;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_env_version_vulkan_1_3;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_optimization_level_performance;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_result_get_bytes;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_result_get_compilation_status;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_result_get_error_message;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_result_release;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_spirv_version_1_6;
import static org.lwjgl.util.shaderc.Shaderc.shaderc_target_env_vulkan;

import io.moebench.core.spi.KernelBuildException;
import io.moebench.core.util.CacheDirs;
import io.moebench.core.util.ContentHash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.lwjgl.Version;
import org.lwjgl.util.shaderc.ShadercIncludeResolve;
import org.lwjgl.util.shaderc.ShadercIncludeResult;
import org.lwjgl.util.shaderc.ShadercIncludeResultRelease;

/**
 * GLSL -> SPIR-V 1.6 (Vulkan 1.3) with LWJGL's shaderc. #include resolves from the class path
 * through shaderc's include callback. Results are cached on disk per (sources, defines, compiler)
 * under {@link CacheDirs} "vulkan-spirv": the first compile in a JVM costs about 0.3 s.
 */
final class SpirvCompiler {
  static final String CACHE_FOLDER = "vulkan-spirv";
  private static final int SPIRV_MAGIC = 0x07230203;
  private static final String SETTINGS = "spirv1.6 vulkan1.3 -O lwjgl" + Version.getVersion();

  private final Path cacheDir;

  /** {@code cacheDir}: where compiled SPIR-V is kept, or null for no cache. */
  SpirvCompiler(Path cacheDir) {
    this.cacheDir = cacheDir;
  }

  static SpirvCompiler withDefaultCache() {
    return new SpirvCompiler(CacheDirs.of(CACHE_FOLDER));
  }

  /** The SPIR-V words of a variant, as little-endian bytes. */
  byte[] compile(ShaderVariant variant) {
    return compile(variant.path().shader(), variant.defines());
  }

  byte[] compile(String shader, Map<String, String> defines) {
    Map<String, String> sources = ShaderSources.closure(shader);
    String key = cacheKey(shader, sources, defines);
    byte[] cached = readCache(key);
    if (cached != null) {
      return cached;
    }
    byte[] spirv = compileNow(shader, ShaderSources.read(shader), defines);
    writeCache(key, spirv);
    return spirv;
  }

  private static byte[] compileNow(String name, String source, Map<String, String> defines) {
    long compiler = shaderc_compiler_initialize();
    long options = shaderc_compile_options_initialize();
    ShadercIncludeResolve resolve = ShadercIncludeResolve.create(SpirvCompiler::resolveInclude);
    ShadercIncludeResultRelease release = ShadercIncludeResultRelease.create(SpirvCompiler::releaseInclude);
    try {
      shaderc_compile_options_set_target_env(options, shaderc_target_env_vulkan, shaderc_env_version_vulkan_1_3);
      shaderc_compile_options_set_target_spirv(options, shaderc_spirv_version_1_6);
      shaderc_compile_options_set_optimization_level(options, shaderc_optimization_level_performance);
      shaderc_compile_options_set_include_callbacks(options, resolve, release, 0);
      defines.forEach((k, v) -> shaderc_compile_options_add_macro_definition(options, k, v));
      long result = shaderc_compile_into_spv(compiler, source, shaderc_compute_shader, name, "main", options);
      try {
        if (shaderc_result_get_compilation_status(result) != shaderc_compilation_status_success) {
          String log = shaderc_result_get_error_message(result);
          throw new KernelBuildException(VulkanProvider.ID, "shaderc failed to compile " + name + " " + defines + ": "
              + firstLine(log), log);
        }
        ByteBuffer bytes = shaderc_result_get_bytes(result);
        byte[] spirv = new byte[bytes.remaining()];
        bytes.get(spirv); // copied out before the result is released
        return spirv;
      } finally {
        shaderc_result_release(result);
      }
    } finally {
      shaderc_compile_options_release(options);
      shaderc_compiler_release(compiler);
      resolve.free();
      release.free();
    }
  }

  /** shaderc include callback: the header's text from the class path, or an error as its content. */
  private static long resolveInclude(long userData, long requestedSource, int type, long requestingSource, long depth) {
    String requested = memUTF8(requestedSource);
    String text = ShaderSources.find(requested);
    ShadercIncludeResult result = ShadercIncludeResult.calloc();
    // an empty source name tells shaderc the include failed; the content is then its error message
    result.source_name(utf8(text == null ? "" : requested));
    result.content(utf8(text == null ? "cannot find " + ShaderSources.ROOT + requested + " on the class path" : text));
    return result.address();
  }

  private static void releaseInclude(long userData, long includeResult) {
    // by address: a zero-length source name has no ByteBuffer view to free
    nmemFree(memGetAddress(includeResult + ShadercIncludeResult.SOURCE_NAME));
    nmemFree(memGetAddress(includeResult + ShadercIncludeResult.CONTENT));
    nmemFree(includeResult);
  }

  private static ByteBuffer utf8(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = memAlloc(Math.max(1, bytes.length));
    b.put(bytes).flip();
    return b;
  }

  private static String firstLine(String log) {
    String trimmed = log == null ? "" : log.strip();
    int nl = trimmed.indexOf('\n');
    return nl < 0 ? trimmed : trimmed.substring(0, nl) + " ...";
  }

  static String cacheKey(String shader, Map<String, String> sources, Map<String, String> defines) {
    ContentHash hash = ContentHash.sha256().add(SETTINGS + "\n" + shader + "\n" + defines + "\n");
    sources.forEach((name, text) -> hash.add(name + "\n" + text + "\n"));
    return hash.hex();
  }

  private byte[] readCache(String key) {
    if (cacheDir == null) {
      return null;
    }
    Path file = cacheDir.resolve(key + ".spv");
    try {
      byte[] b = Files.readAllBytes(file);
      boolean valid = b.length >= 20 && b.length % 4 == 0
          && ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(0) == SPIRV_MAGIC;
      return valid ? b : null;
    } catch (IOException e) {
      return null; // not cached yet, or unreadable: compile
    }
  }

  /** Best effort: a cache that cannot be written only costs a compile next time. */
  private void writeCache(String key, byte[] spirv) {
    if (cacheDir == null) {
      return;
    }
    try {
      Files.createDirectories(cacheDir);
      Path tmp = Files.createTempFile(cacheDir, key, ".tmp");
      Files.write(tmp, spirv);
      try {
        Files.move(tmp, cacheDir.resolve(key + ".spv"), StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, cacheDir.resolve(key + ".spv"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      System.err.println("moe-bench vulkan: cannot cache SPIR-V in " + cacheDir + ": " + e.getMessage());
    }
  }
}
