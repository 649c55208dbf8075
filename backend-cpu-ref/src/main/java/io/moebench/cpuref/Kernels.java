package io.moebench.cpuref;

/**
 * Picks the tile kernel. The Vector API kernel needs the incubating module jdk.incubator.vector in
 * the boot layer ({@code --add-modules jdk.incubator.vector}); without it the portable kernel runs,
 * with the same bits, several times slower.
 */
final class Kernels {
  static final String VECTOR_MODULE = "jdk.incubator.vector";

  private Kernels() {}

  static boolean vectorApiAvailable() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
  }

  /** The fastest fp32 kernel this JVM runs, or the fp64 checking kernel. */
  static TileKernel best(boolean fp64) {
    if (fp64) {
      return new Fp64Kernel();
    }
    return vectorApiAvailable() ? vector() : new PortableKernel();
  }

  /**
   * The Vector API kernel; only call when {@link #vectorApiAvailable()}. Loaded reflectively so
   * that this class links on a JVM without the module.
   */
  static TileKernel vector() {
    try {
      return (TileKernel) Class.forName("io.moebench.cpuref.VectorKernel").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("cpu-ref: cannot load the Vector API kernel (" + e + "); run with --add-modules "
          + VECTOR_MODULE, e);
    }
  }
}
