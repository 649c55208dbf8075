package io.moebench.testkit.broken;

import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;

/** A kernel that reads the two nibbles of every byte in the wrong order: wrong results, no crash. */
public final class SwappedNibbleProvider extends BrokenProvider {
  @Override
  public String id() {
    return "swapped-nibbles";
  }

  @Override
  public Backend open(BackendConfig config) {
    return new OracleWrapper(id(), SwappedNibbleProvider::swap, p -> p);
  }

  static QuantizedExperts swap(QuantizedExperts w) {
    byte[][] q = new byte[w.experts()][];
    short[][] s = new short[w.experts()][];
    byte[][] z = w.hasZeros() ? new byte[w.experts()][] : null;
    for (int e = 0; e < w.experts(); e++) {
      byte[] src = w.qweight(e);
      byte[] dst = new byte[src.length];
      for (int i = 0; i < src.length; i++) {
        dst[i] = (byte) (((src[i] & 0x0f) << 4) | ((src[i] >>> 4) & 0x0f));
      }
      q[e] = dst;
      s[e] = w.scales(e);
      if (z != null) {
        z[e] = w.zeros(e);
      }
    }
    WeightLayout layout = w.layout();
    return new QuantizedExperts(layout, w.dtype(), w.n(), w.k(), w.groupSize(), q, s, z);
  }
}
