package io.moebench.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import io.moebench.core.routing.RoutingTable;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.cpuref.CpuRefProvider;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The same seed gives byte-identical routing, weights and CPU-oracle outputs in every run, on every
 * machine, with any thread count: SHA-256 digests pinned here (a change in any of them changes
 * every recorded result and must be deliberate).
 */
class DeterminismTest {
  private static final MoeShape SHAPE = MoeShape.gemm2(16, 64, 32);
  private static final long SEED = 42;

  private static RoutingTable routing() {
    return SyntheticCase.routing(Archetype.parse("zipf1"), 300, 16, 8, SEED, true);
  }

  private static QuantizedExperts weights() {
    return SyntheticCase.weights(SHAPE, WeightLayout.EXLLAMA, Dtype.BF16, true, SEED);
  }

  private static short[] oracle(int threads) {
    GemmProblem p = SyntheticCase.problem(SHAPE, routing(), Dtype.BF16, SEED);
    try (Backend b = new CpuRefProvider().open(BackendConfig.DEFAULT.with("threads", Integer.toString(threads)));
        PreparedWeights w = b.prepare(weights()); BoundGemm g = b.bind(w, p)) {
      g.launch();
      return g.output();
    }
  }

  @Test
  void routingIsPinned() {
    ByteBuffer b = ByteBuffer.allocate(routing().ids().length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(routing().ids());
    assertThat(sha256(b.array())).isEqualTo(ROUTING);
  }

  @Test
  void weightsArePinned() throws NoSuchAlgorithmException {
    QuantizedExperts w = weights();
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (int e = 0; e < w.experts(); e++) {
      md.update(w.qweight(e));
      md.update(bytes(w.scales(e)));
      md.update(w.zeros(e));
    }
    assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(WEIGHTS);
  }

  @Test
  void oracleOutputIsPinnedAndIndependentOfThreads() {
    short[] one = oracle(1);
    assertThat(oracle(2)).isEqualTo(one);
    assertThat(oracle(3)).isEqualTo(one);
    assertThat(sha256(bytes(one))).isEqualTo(ORACLE);
  }

  private static byte[] bytes(short[] s) {
    ByteBuffer b = ByteBuffer.allocate(s.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.asShortBuffer().put(s);
    return b.array();
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static final String ROUTING = "0ac97a3ae89bc37feb46eddde431c2fe94a32ba6054d827a8e039b19e868f5e3";
  static final String WEIGHTS = "9c9524ae92132ef5db839b2fd49845347776e12093c88f18359fbeb8e024aed9";
  static final String ORACLE = "7959e1c3d8675f6b59c4bcfa5ab72f3adfb4f19815363f8d8d84eb64d80025e3";
}
