package io.moebench.opencl;

import static org.jocl.CL.CL_PROGRAM_BINARIES;
import static org.jocl.CL.CL_PROGRAM_BINARY_SIZES;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateProgramWithBinary;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clGetProgramBuildInfo;
import static org.jocl.CL.clGetProgramInfo;
import static org.jocl.CL.clReleaseProgram;

import io.moebench.core.spi.KernelBuildException;
import io.moebench.core.util.ContentHash;
import io.moebench.core.util.NativeScope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

/**
 * Builds programs for one device, reusing program binaries keyed by SHA-256 of (device, platform
 * and driver identity, build options, source): in memory for this backend, and on disk under
 * core's CacheDirs ("opencl-binaries") across runs. A binary the driver refuses (say, after a
 * driver update that kept its version string) is dropped and the source is built instead.
 */
final class ProgramCache {
  /** Disk file suffixes; the log is written before the binary, so a cached binary has its log. */
  private static final String BINARY = ".bin";
  private static final String LOG = ".log";
  private final cl_context context;
  private final cl_device_id device;
  private final String deviceFingerprint;
  private final Path directory;
  private final Map<String, byte[]> binaries = new HashMap<>();
  private final Map<String, String> logs = new HashMap<>();
  private int sourceBuilds;
  private int binaryBuilds;

  /** directory null: keep binaries in memory only. */
  ProgramCache(cl_context context, cl_device_id device, String deviceFingerprint, Path directory) {
    this.context = context;
    this.device = device;
    this.deviceFingerprint = deviceFingerprint;
    this.directory = directory;
  }

  /**
   * A program and the log of its build from source (this run's, or the one saved with its cached
   * binary: a build from a binary logs nothing). NVIDIA's assembler report is in that log.
   */
  record Built(cl_program program, String sourceLog) {}

  /** A built program owned by {@code owner}. Throws KernelBuildException with the build log. */
  Built build(NativeScope owner, String name, String source, String options) {
    String key = key(source, options);
    byte[] binary = binaries.computeIfAbsent(key, k -> readFromDisk(k, BINARY));
    if (binary != null) {
      cl_program program = fromBinary(binary);
      if (program != null) {
        binaryBuilds++;
        String log = logs.computeIfAbsent(key, k -> {
          byte[] saved = readFromDisk(k, LOG);
          return saved == null ? "" : new String(saved, StandardCharsets.UTF_8);
        });
        return new Built(own(owner, name, program), log);
      }
      binaries.remove(key);
      deleteFromDisk(key);
    }
    cl_program program = fromSource(name, source, options);
    sourceBuilds++;
    String log = buildLog(program);
    logs.put(key, log);
    byte[] built = binaryOf(program);
    if (built.length > 0) {
      binaries.put(key, built);
      writeToDisk(key, LOG, log.getBytes(StandardCharsets.UTF_8));
      writeToDisk(key, BINARY, built);
    }
    return new Built(own(owner, name, program), log);
  }

  /** Programs compiled from source so far (a cache miss each). */
  int sourceBuilds() {
    return sourceBuilds;
  }

  /** Programs loaded from a cached binary so far. */
  int binaryBuilds() {
    return binaryBuilds;
  }

  private static cl_program own(NativeScope owner, String name, cl_program program) {
    return owner.add("program " + name, program, () -> ClErrors.check(clReleaseProgram(program), "clReleaseProgram"));
  }

  private cl_program fromSource(String name, String source, String options) {
    int[] status = new int[1];
    cl_program program = clCreateProgramWithSource(context, 1, new String[] {source}, null, status);
    ClErrors.check(status[0], "clCreateProgramWithSource(" + name + ")");
    int built = clBuildProgram(program, 1, new cl_device_id[] {device}, options, null, null);
    if (built != ClErrors.CL_SUCCESS) {
      String log = buildLog(program);
      clReleaseProgram(program);
      String first = log.lines().filter(l -> l.contains("error")).findFirst().orElse("see the build log");
      throw new KernelBuildException(OpenClProvider.ID, ClErrors.describe("clBuildProgram(" + name + ")", built)
          + " with options [" + options + "]: " + first.trim(), log);
    }
    return program;
  }

  /** The program built from a cached binary, or null when the driver refuses it. */
  private cl_program fromBinary(byte[] binary) {
    int[] binaryStatus = new int[1];
    int[] status = new int[1];
    cl_program program = clCreateProgramWithBinary(context, 1, new cl_device_id[] {device}, new long[] {binary.length},
        new byte[][] {binary}, binaryStatus, status);
    if (status[0] != ClErrors.CL_SUCCESS || binaryStatus[0] != ClErrors.CL_SUCCESS) {
      if (status[0] == ClErrors.CL_SUCCESS) {
        clReleaseProgram(program);
      }
      return null;
    }
    if (clBuildProgram(program, 1, new cl_device_id[] {device}, null, null, null) != ClErrors.CL_SUCCESS) {
      clReleaseProgram(program);
      return null;
    }
    return program;
  }

  private String buildLog(cl_program program) {
    long[] size = new long[1];
    if (clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, null, size) != ClErrors.CL_SUCCESS) {
      return "(no build log: clGetProgramBuildInfo failed)";
    }
    byte[] log = new byte[(int) size[0]];
    ClErrors.check(clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null),
        "clGetProgramBuildInfo(CL_PROGRAM_BUILD_LOG)");
    return new String(log, StandardCharsets.UTF_8).replace("\0", "").trim();
  }

  private static byte[] binaryOf(cl_program program) {
    long[] size = new long[1];
    ClErrors.check(clGetProgramInfo(program, CL_PROGRAM_BINARY_SIZES, Sizeof.size_t, Pointer.to(size), null),
        "clGetProgramInfo(CL_PROGRAM_BINARY_SIZES)");
    byte[] binary = new byte[(int) size[0]];
    if (binary.length > 0) {
      ClErrors.check(clGetProgramInfo(program, CL_PROGRAM_BINARIES, Sizeof.POINTER, Pointer.to(Pointer.to(binary)), null),
          "clGetProgramInfo(CL_PROGRAM_BINARIES)");
    }
    return binary;
  }

  private String key(String source, String options) {
    return ContentHash.sha256().add(deviceFingerprint).add("\0").add(options).add("\0").add(source).add("\0").hex();
  }

  // The disk cache only saves build time: a cache that cannot be read or written is skipped, never fatal.

  private byte[] readFromDisk(String key, String suffix) {
    if (directory == null) {
      return null;
    }
    try {
      Path file = directory.resolve(key + suffix);
      return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private void writeToDisk(String key, String suffix, byte[] data) {
    if (directory == null) {
      return;
    }
    try {
      Files.createDirectories(directory);
      Path temp = Files.createTempFile(directory, key, ".tmp");
      try {
        Files.write(temp, data);
        Files.move(temp, directory.resolve(key + suffix), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      // another process may hold the file or the disk is read-only: the next run builds again
    }
  }

  private void deleteFromDisk(String key) {
    if (directory == null) {
      return;
    }
    try {
      Files.deleteIfExists(directory.resolve(key + BINARY));
      Files.deleteIfExists(directory.resolve(key + LOG));
    } catch (IOException e) {
      // left for the next writer to replace
    }
  }
}
