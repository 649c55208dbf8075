package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.quant.BFloat16;
import io.moebench.core.quant.Half;
import io.moebench.core.routing.SplitMix64;
import io.moebench.core.util.NativeScope;
import io.moebench.testkit.Devices;
import java.nio.file.Path;
import org.jocl.Pointer;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernels' 16-bit conversions (moe_common.h) agree bit for bit with core's Half and BFloat16:
 * every 16-bit pattern to float, and ties, subnormals, overflow, NaN and random floats back.
 */
class ConversionKernelTest {
  private static final int COUNT = 1 << 16;
  private static final String KERNEL = String.join("\n",
      "#define MOE_DTYPE_BF16",
      "#include \"moe_common.h\"",
      "__kernel void conversions(__global const float* values, __global ushort* to_bf16, __global ushort* to_f16,",
      "                          __global float* from_bf16, __global float* from_f16) {",
      "  int i = get_global_id(0);",
      "  to_bf16[i] = (ushort)float_to_bf16(values[i]);",
      "  to_f16[i] = (ushort)float_to_f16(values[i]);",
      "  from_bf16[i] = bf16_to_float((uint)i);",
      "  from_f16[i] = f16_to_float((uint)i);",
      "}");

  @TempDir
  Path cache;

  @Test
  void conversionsMatchCoreBitForBit() {
    Devices.requireAvailable(new OpenClProvider());
    float[] values = testValues();
    short[] toBf16 = new short[COUNT];
    short[] toF16 = new short[COUNT];
    float[] fromBf16 = new float[COUNT];
    float[] fromF16 = new float[COUNT];
    try (ClRuntime cl = ClRuntime.open(OpenClOptions.DEFAULT, cache); NativeScope scope = new NativeScope("test")) {
      cl_kernel k = cl.kernel(scope, cl.program(scope, "conversions.cl", KernelSource.assemble(KERNEL, "conversions.cl"),
          "-cl-std=CL1.2").program(), "conversions");
      cl_mem in = cl.buffer(scope, "values", 4L * COUNT);
      cl.write(in, "values", 0, 4L * COUNT, Pointer.to(values));
      cl_mem[] out = {cl.buffer(scope, "to_bf16", 2L * COUNT), cl.buffer(scope, "to_f16", 2L * COUNT),
          cl.buffer(scope, "from_bf16", 4L * COUNT), cl.buffer(scope, "from_f16", 4L * COUNT)};
      ClRuntime.setBuffer(k, 0, in);
      for (int i = 0; i < out.length; i++) {
        ClRuntime.setBuffer(k, i + 1, out[i]);
      }
      cl.run(new ClRuntime.Launch(k, new long[] {COUNT}, null));
      cl.read(out[0], "to_bf16", 2L * COUNT, Pointer.to(toBf16));
      cl.read(out[1], "to_f16", 2L * COUNT, Pointer.to(toF16));
      cl.read(out[2], "from_bf16", 4L * COUNT, Pointer.to(fromBf16));
      cl.read(out[3], "from_f16", 4L * COUNT, Pointer.to(fromF16));
    }
    for (int i = 0; i < COUNT; i++) {
      float v = values[i];
      assertThat(toBf16[i]).as("bf16 of %s (%08x)", v, Float.floatToRawIntBits(v)).isEqualTo(BFloat16.fromFloat(v));
      assertThat(toF16[i]).as("f16 of %s (%08x)", v, Float.floatToRawIntBits(v)).isEqualTo(Half.fromFloat(v));
      assertThat(Float.floatToRawIntBits(fromBf16[i])).as("bf16 %04x", i)
          .isEqualTo(Float.floatToRawIntBits(BFloat16.toFloat((short) i)));
      assertThat(Float.floatToRawIntBits(fromF16[i])).as("f16 %04x", i)
          .isEqualTo(Float.floatToRawIntBits(Half.toFloat((short) i)));
    }
  }

  /** Random bit patterns, exact ties between neighbouring f16 and bf16 values, and random magnitudes. */
  private static float[] testValues() {
    SplitMix64 rng = new SplitMix64(7);
    float[] v = new float[COUNT];
    for (int i = 0; i < COUNT; i++) {
      short h = (short) rng.nextLong();
      switch (i % 4) {
        case 0:
          v[i] = Float.intBitsToFloat((int) rng.nextLong());
          break;
        case 1:
          v[i] = (Half.toFloat(h) + Half.toFloat((short) (h + 1))) / 2;
          break;
        case 2:
          v[i] = (BFloat16.toFloat(h) + BFloat16.toFloat((short) (h + 1))) / 2;
          break;
        default:
          v[i] = (float) ((rng.nextOpenUnit() - 0.5) * Math.pow(2, (int) (rng.nextOpenUnit() * 50) - 30));
      }
    }
    return v;
  }
}
