package io.moebench.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.KHRPipelineExecutableProperties.VK_PIPELINE_CREATE_CAPTURE_STATISTICS_BIT_KHR;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_SHADER_READ_BIT;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_SHADER_WRITE_BIT;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_TRANSFER_WRITE_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_SRC_BIT;
import static org.lwjgl.vulkan.VK10.VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_BIND_POINT_COMPUTE;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_STAGE_TRANSFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_SHADER_STAGE_COMPUTE_BIT;
import static org.lwjgl.vulkan.VK10.VK_WHOLE_SIZE;
import static org.lwjgl.vulkan.VK10.vkAllocateDescriptorSets;
import static org.lwjgl.vulkan.VK10.vkCmdBindDescriptorSets;
import static org.lwjgl.vulkan.VK10.vkCmdBindPipeline;
import static org.lwjgl.vulkan.VK10.vkCmdDispatch;
import static org.lwjgl.vulkan.VK10.vkCmdFillBuffer;
import static org.lwjgl.vulkan.VK10.vkCmdPushConstants;
import static org.lwjgl.vulkan.VK10.vkCreateDescriptorPool;
import static org.lwjgl.vulkan.VK10.vkDestroyDescriptorPool;
import static org.lwjgl.vulkan.VK10.vkUpdateDescriptorSets;

import io.moebench.core.align.AlignedLayout;
import io.moebench.core.model.GemmProblem;
import io.moebench.core.quant.Dtype;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.DeviceMemoryException;
import io.moebench.core.spi.LaunchTiming;
import io.moebench.core.spi.UnsupportedProblemException;
import io.moebench.core.util.NativeScope;
import java.util.Arrays;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkDescriptorBufferInfo;
import org.lwjgl.vulkan.VkDescriptorPoolCreateInfo;
import org.lwjgl.vulkan.VkDescriptorPoolSize;
import org.lwjgl.vulkan.VkDescriptorSetAllocateInfo;
import org.lwjgl.vulkan.VkWriteDescriptorSet;

/**
 * A problem on the device: A, the aligned layout and C (filled with {@link Dtype#POISON}), the
 * pipeline of its variant and tiles, a descriptor set, a two-timestamp query pool and a command
 * buffer recorded once: barrier, timestamp, dispatch (pieces of at most R blocks of one expert x N
 * tiles x split-K parts), with split-K a barrier and the reduce pass, timestamp. Its configuration
 * names the tiles, the shader variant and, where the driver reports them, the pipeline's statistics
 * (registers, spills, shared memory).
 */
final class VulkanBoundGemm implements BoundGemm {
  /** The reduce pass's grid-stride loop needs no more workgroups than a GPU keeps busy. */
  private static final long MAX_REDUCE_WORKGROUPS = 4096;
  private final VulkanDevice device;
  private final NativeScope scope;
  private final VulkanPreparedWeights weights;
  private final GemmProblem problem;
  private final String configuration;
  private final DeviceBuffer output;
  private final Timestamps timestamps;
  private final VkCommandBuffer commands;

  /**
   * {@code experts}: the weights' address table for the tiles (packed for direct loads, or as given);
   * {@code reduceSpirv}: moe_splitk_reduce.comp of the variant where the tiles split K, else null.
   */
  VulkanBoundGemm(VulkanDevice device, NativeScope parent, GemmPipelines pipelines, byte[] spirv, byte[] reduceSpirv,
      ShaderVariant variant, TileConfig config, VulkanPreparedWeights weights, DeviceBuffer experts,
      GemmProblem problem) {
    this.device = device;
    this.weights = weights;
    this.problem = problem;
    this.scope = parent.child("bound gemm");
    try {
      AlignedLayout layout = problem.layout();
      int n = problem.shape().n();
      int nTiles = n / config.bn();
      int[] pieces = layout.runPieces(config.blocks());
      int workgroups = pieces.length;
      if (workgroups > device.info.maxWorkGroupCountX || nTiles > device.info.maxWorkGroupCountY) {
        throw new UnsupportedProblemException(VulkanProvider.ID, workgroups + " workgroups of " + config.blocks()
            + " blocks x " + nTiles + " N tiles exceed the device's workgroup counts " + device.info.maxWorkGroupCountX
            + " x " + device.info.maxWorkGroupCountY);
      }
      // every workgroup reads R expert ids from its piece's start: those past the layout are padding (-1)
      int[] expertIds = Arrays.copyOf(layout.expertIds(), layout.blocks() + config.blocks());
      Arrays.fill(expertIds, layout.blocks(), expertIds.length, -1);
      DeviceBuffer a = storage("activations", 2L * problem.activations().bits().length, VK_BUFFER_USAGE_TRANSFER_DST_BIT);
      DeviceBuffer sorted = storage("sorted ids", 4L * layout.sortedIds().length, VK_BUFFER_USAGE_TRANSFER_DST_BIT);
      DeviceBuffer blockExperts = storage("expert ids", 4L * expertIds.length, VK_BUFFER_USAGE_TRANSFER_DST_BIT);
      DeviceBuffer pieceStarts = storage("piece starts", 4L * pieces.length, VK_BUFFER_USAGE_TRANSFER_DST_BIT);
      output = storage("output", 2L * problem.outputRows() * n,
          VK_BUFFER_USAGE_TRANSFER_DST_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT);
      // poisoned like C (fp32 NaN): a partial sum the GEMM failed to write shows in C
      DeviceBuffer partials = storage("split-K partial sums", config.splitK() == 1 ? 16
          : 4L * config.splitK() * problem.outputRows() * n, VK_BUFFER_USAGE_TRANSFER_DST_BIT);
      try (Transfers.Upload upload = new Transfers.Upload(device, scope,
          a.size + sorted.size + blockExperts.size + pieceStarts.size)) {
        upload.copy(HostData.of(problem.activations().bits()), a, 0);
        upload.copy(HostData.of(layout.sortedIds()), sorted, 0);
        upload.copy(HostData.of(expertIds), blockExperts, 0);
        upload.copy(HostData.of(pieces), pieceStarts, 0);
      }
      device.run("poison output", cb -> {
        vkCmdFillBuffer(cb, output.handle, 0, VK_WHOLE_SIZE, 0xFFFFFFFF); // Dtype.POISON in both halves
        vkCmdFillBuffer(cb, partials.handle, 0, VK_WHOLE_SIZE, 0xFFFFFFFF);
        Transfers.barrier(cb, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT);
      });
      long set = descriptorSet(pipelines.setLayout, experts, a, sorted, blockExperts, output, pieceStarts, partials);
      long pipeline = pipelines.create(scope, spirv, config, problem.shape().groupSize(),
          device.pipelineStatistics ? VK_PIPELINE_CREATE_CAPTURE_STATISTICS_BIT_KHR : 0, variant.toString());
      // the reduce pass reads the same specialization constants (workgroup size, SPLIT_K), any subgroup size
      long reduce = config.splitK() == 1 ? 0 : pipelines.create(scope, reduceSpirv,
          config.specialization(problem.shape().groupSize()), 0, 0, "split-K reduce " + variant, config.describe());
      configuration = config.describe() + " [" + variant + "]" + PipelineStatistics.describe(device, pipeline);
      timestamps = new Timestamps(device, scope);
      commands = device.allocateCommandBuffer();
      scope.add("command buffer", commands, () -> device.freeCommandBuffer(commands));
      int[] push = {n, problem.shape().k(), layout.sentinel(), problem.shape().rowDivisor(problem.routing().topK())};
      long pairs = (long) problem.outputRows() * n / 2;
      int reduceGroups = (int) Math.min(device.info.maxWorkGroupCountX,
          Math.min(MAX_REDUCE_WORKGROUPS, (pairs + config.workgroupSize() - 1) / config.workgroupSize()));
      recordLaunch(pipelines.pipelineLayout, pipeline, reduce, set, push, new int[] {workgroups, nTiles, config.splitK()},
          reduceGroups);
    } catch (RuntimeException e) {
      try {
        scope.close();
      } catch (RuntimeException inner) {
        e.addSuppressed(inner);
      }
      throw e;
    }
  }

  /**
   * Barrier, timestamp, dispatch of {@code grid} (pieces x N tiles x split-K parts), with split-K a
   * barrier and {@code reduceGroups} workgroups of the reduce pass, timestamp: recorded once,
   * submitted per launch.
   */
  private void recordLaunch(long pipelineLayout, long pipeline, long reduce, long set, int[] push, int[] grid,
      int reduceGroups) {
    device.record(commands, 0, "launch", cb -> {
      try (MemoryStack stack = stackPush()) {
        // uploads, the poison fill and the previous launch's writes all precede this dispatch
        Transfers.barrier(cb, VK_PIPELINE_STAGE_TRANSFER_BIT | VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
            VK_ACCESS_TRANSFER_WRITE_BIT | VK_ACCESS_SHADER_WRITE_BIT, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
            VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
        timestamps.begin(cb);
        vkCmdBindPipeline(cb, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
        vkCmdBindDescriptorSets(cb, VK_PIPELINE_BIND_POINT_COMPUTE, pipelineLayout, 0, stack.longs(set), null);
        vkCmdPushConstants(cb, pipelineLayout, VK_SHADER_STAGE_COMPUTE_BIT, 0, stack.ints(push));
        vkCmdDispatch(cb, grid[0], grid[1], grid[2]);
        if (reduce != 0) {
          Transfers.barrier(cb, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
              VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT);
          vkCmdBindPipeline(cb, VK_PIPELINE_BIND_POINT_COMPUTE, reduce);
          vkCmdDispatch(cb, reduceGroups, 1, 1);
        }
        timestamps.end(cb);
      }
    });
  }

  /** A device-local storage buffer, refused when a descriptor could not cover it. */
  private DeviceBuffer storage(String what, long bytes, int extraUsage) {
    if (bytes > device.info.maxStorageBufferRange) {
      throw new DeviceMemoryException(VulkanProvider.ID, what + ": " + bytes + " bytes exceed the device's "
          + "maxStorageBufferRange of " + device.info.maxStorageBufferRange + " bytes");
    }
    return DeviceBuffer.create(device, scope, what, Math.max(16, bytes), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | extraUsage,
        DeviceBuffer.Kind.DEVICE);
  }

  /** Binding i of moe_common.glsl = buffers[i]. */
  private long descriptorSet(long setLayout, DeviceBuffer... buffers) {
    try (MemoryStack stack = stackPush()) {
      long[] pool = new long[1];
      VkDescriptorPoolSize.Buffer sizes = VkDescriptorPoolSize.calloc(1, stack).type(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER)
          .descriptorCount(buffers.length);
      VkResults.check(vkCreateDescriptorPool(device.handle, VkDescriptorPoolCreateInfo.calloc(stack).sType$Default()
          .maxSets(1).pPoolSizes(sizes), null, pool), "vkCreateDescriptorPool");
      scope.add("descriptor pool", pool[0], () -> vkDestroyDescriptorPool(device.handle, pool[0], null));
      long[] set = new long[1];
      VkResults.check(vkAllocateDescriptorSets(device.handle, VkDescriptorSetAllocateInfo.calloc(stack).sType$Default()
          .descriptorPool(pool[0]).pSetLayouts(stack.longs(setLayout)), set), "vkAllocateDescriptorSets");
      VkWriteDescriptorSet.Buffer writes = VkWriteDescriptorSet.calloc(buffers.length, stack);
      for (int i = 0; i < buffers.length; i++) {
        writes.get(i).sType$Default().dstSet(set[0]).dstBinding(i).descriptorCount(1)
            .descriptorType(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER)
            .pBufferInfo(VkDescriptorBufferInfo.calloc(1, stack).buffer(buffers[i].handle).offset(0).range(VK_WHOLE_SIZE));
      }
      vkUpdateDescriptorSets(device.handle, writes, null);
      return set[0];
    }
  }

  @Override
  public GemmProblem problem() {
    return problem;
  }

  @Override
  public LaunchTiming launch() {
    scope.ensureOpen();
    weights.ensureOpen();
    device.submitAndWait(commands, "launch");
    return new LaunchTiming(timestamps.nanos(), true);
  }

  @Override
  public short[] output() {
    scope.ensureOpen();
    return Transfers.readShorts(device, scope, output, 2L * problem.outputRows() * problem.shape().n());
  }

  @Override
  public String configuration() {
    return configuration;
  }

  @Override
  public void close() {
    scope.close();
  }
}
