package io.moebench.core.spi;

import io.moebench.core.quant.QuantizedExperts;

/** Device-resident experts, owned by the backend that prepared them. Closing twice is harmless. */
public interface PreparedWeights extends AutoCloseable {

  /** The host weights these were prepared from. */
  QuantizedExperts source();

  @Override
  void close();
}
