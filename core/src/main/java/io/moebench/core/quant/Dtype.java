package io.moebench.core.quant;

import io.moebench.core.InputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The 16-bit float formats of activations, scales and outputs. Values travel as raw bits. */
public enum Dtype {
  BF16("bf16") {
    @Override
    public float toFloat(short bits) {
      return BFloat16.toFloat(bits);
    }

    @Override
    public short fromFloat(float value) {
      return BFloat16.fromFloat(value);
    }
  },
  FP16("fp16") {
    @Override
    public float toFloat(short bits) {
      return Half.toFloat(bits);
    }

    @Override
    public short fromFloat(float value) {
      return Half.fromFloat(value);
    }
  };

  /** 0xFFFF is a NaN in both formats: outputs are filled with it so unwritten elements fail. */
  public static final short POISON = (short) 0xFFFF;

  private final String id;

  Dtype(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public abstract float toFloat(short bits);

  /** Round to nearest even. */
  public abstract short fromFloat(float value);

  public static Dtype parse(String text) {
    for (Dtype d : values()) {
      if (d.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return d;
      }
    }
    throw new InputException("unknown dtype '" + text + "': allowed values are " + allowed());
  }

  public static String allowed() {
    return Arrays.stream(values()).map(Dtype::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id;
  }
}
