package io.moebench.core.inputs;

import io.moebench.core.InputException;
import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What meta.json declares; a null field was not given and is inferred from the arrays.
 *
 * @param gemm 1 (A per token) or 2 (A per routed row)
 * @param layout the weight layout
 * @param dtype activations, scales and outputs
 * @param groupSize G
 * @param blockM rows per block of the aligned layout; cannot be inferred (default 32)
 */
public record InputMeta(Integer gemm, WeightLayout layout, Dtype dtype, Integer groupSize, Integer blockM) {

  public static final String FILE = "meta.json";
  public static final InputMeta NONE = new InputMeta(null, null, null, null, null);
  static final List<String> KEYS = List.of("gemm", "layout", "dtype", "group_size", "block_m");

  public InputMeta {
    InputException.require(gemm == null || gemm == 1 || gemm == 2,
        FILE + ": \"gemm\" is " + gemm + ", allowed values are 1 and 2");
    InputException.require(blockM == null || (blockM >= 1 && blockM <= 1024),
        FILE + ": \"block_m\" is " + blockM + ", allowed 1..1024 (the production block is " + MoeShape.DEFAULT_BLOCK_M + ")");
    InputException.require(groupSize == null || (groupSize > 0 && groupSize % 8 == 0),
        FILE + ": \"group_size\" is " + groupSize + ", allowed: a positive multiple of 8, e.g. " + MoeShape.GROUP_SIZES);
  }

  /** The folder's meta.json, or {@link #NONE} when the folder has none. */
  public static InputMeta read(Path file) {
    if (!Files.exists(file)) {
      return NONE;
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (CharacterCodingException e) {
      throw new InputException(FILE + ": not UTF-8 text");
    } catch (NoSuchFileException e) {
      return NONE;
    } catch (IOException e) {
      throw new InputException(file + ": cannot read: " + e.getMessage());
    }
    return parse(text);
  }

  public static InputMeta parse(String json) {
    Map<String, Object> v = FlatJson.parse(json, FILE);
    for (String key : v.keySet()) {
      InputException.require(KEYS.contains(key), FILE + ": unknown key \"" + key + "\"; allowed keys are " + String.join(", ", KEYS));
    }
    return new InputMeta(whole(v, "gemm"), named(v, "layout", WeightLayout::parse, WeightLayout.allowed()),
        named(v, "dtype", Dtype::parse, Dtype.allowed()), whole(v, "group_size"), whole(v, "block_m"));
  }

  /** Every field given, in the order of {@link #KEYS}. */
  public String toJson() {
    return "{\"gemm\": " + gemm + ", \"layout\": \"" + layout.id() + "\", \"dtype\": \"" + dtype.id() + "\", \"group_size\": "
        + groupSize + ", \"block_m\": " + blockM + "}\n";
  }

  /** A string value parsed by the enum's own parser; its message gets the file and key in front. */
  private static <T> T named(Map<String, Object> values, String key, Function<String, T> parser, String allowed) {
    Object o = values.get(key);
    if (o == null) {
      return null;
    }
    InputException.require(o instanceof String, FILE + ": \"" + key + "\" is " + o + ", allowed values are the strings " + allowed);
    try {
      return parser.apply((String) o);
    } catch (InputException e) {
      throw new InputException(FILE + ": \"" + key + "\": " + e.getMessage(), e);
    }
  }

  private static Integer whole(Map<String, Object> values, String key) {
    Object o = values.get(key);
    InputException.require(o == null || o instanceof Long,
        FILE + ": \"" + key + "\" is \"" + o + "\", allowed: a whole number (no quotes)");
    Long n = (Long) o;
    InputException.require(n == null || (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE),
        FILE + ": \"" + key + "\" is " + n + ", out of range");
    return n == null ? null : n.intValue();
  }
}
