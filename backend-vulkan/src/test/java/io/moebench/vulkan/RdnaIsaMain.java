package io.moebench.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.memAddress;
import static org.lwjgl.system.MemoryUtil.memAlloc;
import static org.lwjgl.system.MemoryUtil.memFree;
import static org.lwjgl.system.MemoryUtil.memPutAddress;
import static org.lwjgl.vulkan.KHRPipelineExecutableProperties.VK_KHR_PIPELINE_EXECUTABLE_PROPERTIES_EXTENSION_NAME;
import static org.lwjgl.vulkan.KHRPipelineExecutableProperties.VK_PIPELINE_CREATE_CAPTURE_INTERNAL_REPRESENTATIONS_BIT_KHR;
import static org.lwjgl.vulkan.KHRPipelineExecutableProperties.VK_PIPELINE_CREATE_CAPTURE_STATISTICS_BIT_KHR;
import static org.lwjgl.vulkan.KHRPipelineExecutableProperties.vkGetPipelineExecutableInternalRepresentationsKHR;
import static org.lwjgl.vulkan.KHRPipelineExecutableProperties.vkGetPipelineExecutablePropertiesKHR;

import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.FragmentLayout;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.util.NativeScope;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkPipelineExecutableInfoKHR;
import org.lwjgl.vulkan.VkPipelineExecutableInternalRepresentationKHR;
import org.lwjgl.vulkan.VkPipelineExecutablePropertiesKHR;
import org.lwjgl.vulkan.VkPipelineInfoKHR;

/**
 * Run by {@link RdnaIsaTest} in a child JVM whose loader sees only Mesa RADV's null device
 * (RADV_FORCE_FAMILY): builds the backend's fp16 cooperative-matrix pipelines (every layout and
 * zero-point variant, block_m 16 and 32; the default tiles, two K steps in flight and R = 2) with
 * the backend's own device, pipeline and tile code, for each requested subgroup size, and prints
 * one line per pipeline:
 * {@code PIPELINE <variant> block_m=<b> wave=<w> expected=<multiplies per step x steps in the loop body>
 * subgroupSize=<s> wmma=<count> vgprs=<n> spills=<n>},
 * then {@code OK} or {@code FAILURES <count>}. Nothing is dispatched: the null device cannot run work.
 *
 * <p>{@code wmma} counts v_wmma_f32_16x16x16_f16 lines in RADV's final assembly ("Assembly"
 * representation: the disassembled machine code for gfx1100; for gfx1151, which the backport's
 * LLVM 15 disassembler does not know, ACO's final instruction listing).
 */
public final class RdnaIsaMain {
  static final String WMMA = "v_wmma_f32_16x16x16_f16";
  /** gemm1's K: the configuration (BK) the backend picks for it. */
  private static final int K = 2048;

  private RdnaIsaMain() {}

  public static void main(String[] args) {
    int failures = 0;
    try (NativeScope scope = new NativeScope("rdna isa check")) {
      // no validation layer: Debian 12's (1.3.239) predates VK_KHR_cooperative_matrix and rejects its structs
      PhysicalDeviceInfo info = VulkanInstance.create(scope, null).select(Optional.empty());
      System.out.println("DEVICE " + info.name + " | " + info.driver.strip() + " | " + info.coopmatShapes);
      if (!info.extensions.contains(VK_KHR_PIPELINE_EXECUTABLE_PROPERTIES_EXTENSION_NAME)) {
        System.out.println("FAIL no " + VK_KHR_PIPELINE_EXECUTABLE_PROPERTIES_EXTENSION_NAME);
        System.exit(1);
      }
      PathPlan device32 = plan(info, args.length > 0 ? Integer.parseInt(args[0]) : 32);
      VulkanDevice device = VulkanDevice.create(scope, info, device32, false);
      if (!device.pipelineStatistics) {
        System.out.println("FAIL the backend's device did not switch on pipeline statistics");
        System.exit(1);
      }
      GemmPipelines pipelines = new GemmPipelines(device, scope);
      SpirvCompiler compiler = SpirvCompiler.withDefaultCache();
      for (String wave : args) {
        PathPlan plan = plan(info, Integer.parseInt(wave));
        for (WeightLayout layout : WeightLayout.values()) {
          for (boolean zeros : new boolean[] {false, true}) {
            ShaderVariant v = new ShaderVariant(MatrixPath.COOPMAT, Dtype.FP16, layout, zeros);
            for (int blockM : new int[] {16, 32}) {
              TileConfig.Coopmat base = (TileConfig.Coopmat) TileConfig.defaults(MatrixPath.COOPMAT, blockM, K, 1, 1, plan,
                  Dtype.FP16, null, info);
              List<TileConfig.Coopmat> tilings = new ArrayList<>(List.of(base, withDepthAndBlocks(base, 2, 1),
                  withDepthAndBlocks(base, 1, 2)));
              if (wave.equals("32")) {
                tilings.add(withDirectLoads(base));
              }
              for (TileConfig.Coopmat config : tilings) {
                try (NativeScope p = scope.child("pipeline")) {
                  long pipeline = pipelines.create(p, compiler.compile(v), config, 128,
                      VK_PIPELINE_CREATE_CAPTURE_INTERNAL_REPRESENTATIONS_BIT_KHR | VK_PIPELINE_CREATE_CAPTURE_STATISTICS_BIT_KHR,
                      v.toString());
                  String line = describe(device, pipeline);
                  System.out.println("PIPELINE " + v + " block_m=" + blockM + " R=" + config.blocks() + " depth="
                      + config.depth() + (config.direct() ? " direct" : "") + " wave=" + wave + " expected=" + config.multipliesPerStep() * config.depth() + " "
                      + line);
                  if (!line.contains("subgroupSize=" + wave + " ") || line.contains("wmma=0 ")) {
                    failures++;
                  }
                }
              }
            }
          }
        }
      }
    }
    System.out.println(failures == 0 ? "OK" : "FAILURES " + failures);
    System.exit(failures == 0 ? 0 : 1);
  }

  /** The depth-2 K loop holds the multiplies of two steps; R = 2 doubles the M tiles. */
  private static TileConfig.Coopmat withDepthAndBlocks(TileConfig.Coopmat c, int depth, int blocks) {
    return new TileConfig.Coopmat(c.path(), c.blockM(), c.bn(), c.bk(), c.sgM(), c.sgN(), c.subgroupSize(), c.shape(),
        blocks, depth, null, false, c.splitK());
  }

  /**
   * The base tiles with direct weight loads in RDNA3's wave32 WMMA B layout: the null device cannot
   * run the probe, which needs a submission.
   */
  private static TileConfig.Coopmat withDirectLoads(TileConfig.Coopmat c) {
    return new TileConfig.Coopmat(c.path(), c.blockM(), c.bn(), c.bk(), c.sgM(), c.sgN(), c.subgroupSize(), c.shape(),
        c.blocks(), c.depth(), FragmentLayout.rdna3Wmma(), true, c.splitK());
  }

  private static PathPlan plan(PhysicalDeviceInfo info, int wave) {
    return PathPlan.choose(info, VulkanOptions.parse(BackendConfig.parse("path=coopmat,subgroup=" + wave)));
  }

  /** "subgroupSize=<n> wmma=<count> vgprs=<n> spills=<n>" of the pipeline's one executable. */
  private static String describe(VulkanDevice device, long pipeline) {
    try (MemoryStack stack = stackPush()) {
      IntBuffer count = stack.mallocInt(1);
      VkPipelineInfoKHR pinfo = VkPipelineInfoKHR.calloc(stack).sType$Default().pipeline(pipeline);
      VkResults.check(vkGetPipelineExecutablePropertiesKHR(device.handle, pinfo, count, null), "executable count");
      VkPipelineExecutablePropertiesKHR.Buffer exes = VkPipelineExecutablePropertiesKHR.calloc(count.get(0), stack);
      exes.forEach(VkPipelineExecutablePropertiesKHR::sType$Default);
      VkResults.check(vkGetPipelineExecutablePropertiesKHR(device.handle, pinfo, count, exes), "executables");
      VkPipelineExecutableInfoKHR exe = VkPipelineExecutableInfoKHR.calloc(stack).sType$Default().pipeline(pipeline)
          .executableIndex(0);
      return "subgroupSize=" + exes.get(0).subgroupSize() + " wmma=" + count(assembly(device, exe), WMMA) + " "
          + statistics(device, pipeline);
    }
  }

  private static String statistics(VulkanDevice device, long pipeline) {
    Map<String, String> stats = PipelineStatistics.read(device, pipeline);
    long spills = stats.entrySet().stream().filter(e -> e.getKey().startsWith("Spilled"))
        .mapToLong(e -> Long.parseLong(e.getValue())).sum();
    return "vgprs=" + stats.getOrDefault("VGPRs", "-1") + " spills=" + spills;
  }

  /** The text of the "Assembly" internal representation (two-call idiom: sizes, then data). */
  private static String assembly(VulkanDevice device, VkPipelineExecutableInfoKHR exe) {
    try (MemoryStack stack = stackPush()) {
      IntBuffer count = stack.mallocInt(1);
      VkResults.check(vkGetPipelineExecutableInternalRepresentationsKHR(device.handle, exe, count, null), "IR count");
      VkPipelineExecutableInternalRepresentationKHR.Buffer irs =
          VkPipelineExecutableInternalRepresentationKHR.calloc(count.get(0), stack);
      irs.forEach(VkPipelineExecutableInternalRepresentationKHR::sType$Default);
      VkResults.check(vkGetPipelineExecutableInternalRepresentationsKHR(device.handle, exe, count, irs), "IR sizes");
      ByteBuffer[] data = new ByteBuffer[irs.capacity()];
      try {
        for (int i = 0; i < data.length; i++) {
          data[i] = memAlloc((int) Math.max(1, irs.get(i).dataSize()));
          memPutAddress(irs.get(i).address() + VkPipelineExecutableInternalRepresentationKHR.PDATA, memAddress(data[i]));
        }
        VkResults.check(vkGetPipelineExecutableInternalRepresentationsKHR(device.handle, exe, count, irs), "IR data");
        for (int i = 0; i < data.length; i++) {
          if (irs.get(i).nameString().contains("Assembly")) {
            byte[] text = new byte[(int) irs.get(i).dataSize()];
            data[i].get(0, text);
            return new String(text, StandardCharsets.UTF_8);
          }
        }
        return "";
      } finally {
        for (ByteBuffer b : data) {
          if (b != null) {
            memFree(b);
          }
        }
      }
    }
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (String line : text.split("\n")) {
      if (line.contains(needle)) {
        n++;
      }
    }
    return n;
  }
}
