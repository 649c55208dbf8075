package io.moebench.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the synthetic routing bit for bit, so every machine and JDK routes the same. The expected
 * values come from the independent Python implementation of the documented algorithm:
 * {@code python3 scripts/routing_reference.py --golden} (a port of fdlibm's log, plain IEEE doubles).
 */
class RoutingGoldenTest {

  @Test
  void zipf1FirstTokens() {
    assertThat(ids("zipf1")).containsExactly(
        0, 20, 1, 195, 4, 121, 3, 152,
        246, 1, 0, 6, 51, 52, 48, 4,
        13, 1, 8, 0, 126, 32, 18, 90,
        37, 2, 0, 4, 14, 35, 9, 208,
        0, 133, 110, 27, 1, 129, 128, 69,
        0, 4, 3, 168, 1, 8, 9, 50,
        4, 83, 2, 0, 15, 38, 1, 16,
        118, 10, 38, 0, 37, 9, 14, 1);
  }

  @Test
  void hot16FirstTokens() {
    assertThat(ids("hot16")).containsExactly(
        4, 6, 1, 3, 0, 9, 14, 13,
        1, 0, 6, 11, 7, 4, 8, 12,
        13, 8, 1, 9, 6, 14, 7, 2,
        2, 14, 9, 4, 11, 12, 7, 6,
        0, 15, 13, 14, 1, 11, 4, 5,
        4, 3, 0, 9, 8, 13, 15, 1,
        15, 4, 14, 2, 10, 6, 1, 8,
        10, 14, 9, 12, 11, 13, 8, 5);
  }

  @Test
  void uniformFirstTokens() {
    assertThat(ids("uniform")).containsExactly(
        195, 121, 152, 230, 158, 20, 235, 181,
        246, 158, 229, 51, 52, 164, 48, 145,
        13, 126, 90, 210, 129, 107, 204, 8,
        37, 208, 178, 137, 35, 159, 211, 95,
        133, 110, 129, 128, 200, 69, 145, 180,
        168, 185, 203, 226, 188, 109, 97, 218,
        83, 137, 248, 38, 88, 139, 15, 114,
        118, 38, 204, 37, 51, 10, 157, 65);
  }

  /** SHA-256 of the ids as int32 little-endian bytes, row-major. */
  @ParameterizedTest(name = "{0} T={1} E={2} top_k={3} seed={4} shuffle={5}")
  @CsvSource({
      "zipf1, 1024, 256, 8, 0, false, 1d5f5af979260097bf786f998596066976713c8b384b0f131f062ed81eae04ff",
      "zipf2, 1024, 256, 8, 0, false, 4d5972dde0680c91358ad22f79a802320695aa5987d816e8a514ce30ce7235b5",
      "uniform, 1024, 256, 8, 0, false, ea518d62ec64783bced27c495f3f337115c822b1c29356650fa50b81d0c6b730",
      "hot16, 1024, 256, 8, 0, false, 60470d0879cd16ba04205d9e2bc29adfa6dad4f622ebe57e3b8769edb0d04188",
      "zipf1, 512, 256, 8, 7, true, 321c9ae13a40ae24a092b5e95ef03cdadbe0ce87e89472b287d869d7233e9cbe",
      "zipf:1.5, 256, 64, 4, 123456789, false, 73b54a1c03a23a9cecd2a33b653c4708933e803c68f990f07e7a8a1501d4c2bc",
      "hot:4, 256, 64, 4, -1, true, 3a66b257582305d7a5710cecb87af215712e043f13a07691d0c169528393ada7",
      "balanced, 100, 7, 3, 0, true, eb706e245ea7542801be964a4f0f2127c44f27b16a781379609f85f5d26de888",
  })
  void largeTablesMatchTheReferenceChecksum(String archetype, int tokens, int experts, int topK, long seed,
      boolean shuffle, String sha256) {
    RoutingTable r = RoutingGenerator.generate(Archetype.parse(archetype), tokens, experts, topK, seed, shuffle);
    assertThat(sha256(r.ids())).isEqualTo(sha256);
  }

  private static int[] ids(String archetype) {
    return RoutingGenerator.generate(Archetype.parse(archetype), 8, 256, 8, 0, false).ids();
  }

  private static String sha256(int[] ids) {
    ByteBuffer b = ByteBuffer.allocate(ids.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(ids);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
