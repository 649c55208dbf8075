package io.moebench.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.memAlloc;
import static org.lwjgl.system.MemoryUtil.memFree;
import static org.lwjgl.vulkan.VK10.VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
import static org.lwjgl.vulkan.VK10.VK_NULL_HANDLE;
import static org.lwjgl.vulkan.VK10.VK_SHADER_STAGE_COMPUTE_BIT;
import static org.lwjgl.vulkan.VK10.vkCreateComputePipelines;
import static org.lwjgl.vulkan.VK10.vkCreateDescriptorSetLayout;
import static org.lwjgl.vulkan.VK10.vkCreatePipelineCache;
import static org.lwjgl.vulkan.VK10.vkCreatePipelineLayout;
import static org.lwjgl.vulkan.VK10.vkCreateShaderModule;
import static org.lwjgl.vulkan.VK10.vkDestroyDescriptorSetLayout;
import static org.lwjgl.vulkan.VK10.vkDestroyPipeline;
import static org.lwjgl.vulkan.VK10.vkDestroyPipelineCache;
import static org.lwjgl.vulkan.VK10.vkDestroyPipelineLayout;
import static org.lwjgl.vulkan.VK10.vkDestroyShaderModule;
import static org.lwjgl.vulkan.VK13.VK_PIPELINE_SHADER_STAGE_CREATE_REQUIRE_FULL_SUBGROUPS_BIT;

import io.moebench.core.spi.KernelBuildException;
import io.moebench.core.util.NativeScope;
import java.nio.ByteBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkComputePipelineCreateInfo;
import org.lwjgl.vulkan.VkDescriptorSetLayoutBinding;
import org.lwjgl.vulkan.VkDescriptorSetLayoutCreateInfo;
import org.lwjgl.vulkan.VkPipelineCacheCreateInfo;
import org.lwjgl.vulkan.VkPipelineLayoutCreateInfo;
import org.lwjgl.vulkan.VkPipelineShaderStageCreateInfo;
import org.lwjgl.vulkan.VkPipelineShaderStageRequiredSubgroupSizeCreateInfo;
import org.lwjgl.vulkan.VkPushConstantRange;
import org.lwjgl.vulkan.VkShaderModuleCreateInfo;
import org.lwjgl.vulkan.VkSpecializationInfo;
import org.lwjgl.vulkan.VkSpecializationMapEntry;

/**
 * What every GEMM pipeline shares (the descriptor set layout of moe_common.glsl's seven storage
 * buffers, the pipeline layout with its 16-byte push constants, a pipeline cache) and the
 * creation of one pipeline from SPIR-V and a {@link TileConfig}.
 */
final class GemmPipelines {
  static final int BINDINGS = 7;
  static final int PUSH_CONSTANT_BYTES = 16;

  private final VulkanDevice device;
  final long setLayout;
  final long pipelineLayout;
  private final long cache;

  GemmPipelines(VulkanDevice device, NativeScope scope) {
    this.device = device;
    try (MemoryStack stack = stackPush()) {
      VkDescriptorSetLayoutBinding.Buffer bindings = VkDescriptorSetLayoutBinding.calloc(BINDINGS, stack);
      for (int i = 0; i < BINDINGS; i++) {
        bindings.get(i).binding(i).descriptorType(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER).descriptorCount(1)
            .stageFlags(VK_SHADER_STAGE_COMPUTE_BIT);
      }
      long[] handle = new long[1];
      VkResults.check(vkCreateDescriptorSetLayout(device.handle, VkDescriptorSetLayoutCreateInfo.calloc(stack)
          .sType$Default().pBindings(bindings), null, handle), "vkCreateDescriptorSetLayout");
      setLayout = handle[0];
      scope.add("descriptor set layout", setLayout, () -> vkDestroyDescriptorSetLayout(device.handle, setLayout, null));
      VkPushConstantRange.Buffer push = VkPushConstantRange.calloc(1, stack).stageFlags(VK_SHADER_STAGE_COMPUTE_BIT)
          .offset(0).size(PUSH_CONSTANT_BYTES);
      VkResults.check(vkCreatePipelineLayout(device.handle, VkPipelineLayoutCreateInfo.calloc(stack).sType$Default()
          .pSetLayouts(stack.longs(setLayout)).pPushConstantRanges(push), null, handle), "vkCreatePipelineLayout");
      pipelineLayout = handle[0];
      scope.add("pipeline layout", pipelineLayout, () -> vkDestroyPipelineLayout(device.handle, pipelineLayout, null));
      VkResults.check(vkCreatePipelineCache(device.handle, VkPipelineCacheCreateInfo.calloc(stack).sType$Default(), null,
          handle), "vkCreatePipelineCache");
      cache = handle[0];
      scope.add("pipeline cache", cache, () -> vkDestroyPipelineCache(device.handle, cache, null));
    }
  }

  /**
   * Creates a compute pipeline in {@code scope}. {@code flags}: extra VkPipelineCreateFlags (the
   * ISA check asks for captured internal representations). A driver failure is a kernel build
   * failure.
   */
  long create(NativeScope scope, byte[] spirv, TileConfig config, int groupSize, int flags, String what) {
    return create(scope, spirv, config.specialization(groupSize), config.requiredSubgroupSize(), flags, what,
        config.describe());
  }

  /**
   * Creates a compute pipeline from SPIR-V with specialization constants 0.. and, when
   * {@code requiredSubgroupSize} is positive, full subgroups of that size; {@code describe} goes
   * into a build failure's log.
   */
  long create(NativeScope scope, byte[] spirv, int[] constants, int requiredSubgroupSize, int flags, String what,
      String describe) {
    try (MemoryStack stack = stackPush(); NativeScope moduleScope = scope.child("shader module")) {
      // on the heap: a coopmat variant's SPIR-V (about 40 KB) would crowd LWJGL's 64 KiB stack
      ByteBuffer code = memAlloc(spirv.length);
      moduleScope.add("SPIR-V copy", code, () -> memFree(code));
      code.put(spirv).flip();
      long[] module = new long[1];
      VkResults.check(vkCreateShaderModule(device.handle, VkShaderModuleCreateInfo.calloc(stack).sType$Default().pCode(code),
          null, module), "vkCreateShaderModule (" + what + ")");
      moduleScope.add("shader module", module[0], () -> vkDestroyShaderModule(device.handle, module[0], null));

      VkSpecializationMapEntry.Buffer entries = VkSpecializationMapEntry.calloc(constants.length, stack);
      ByteBuffer data = stack.malloc(4 * constants.length);
      for (int i = 0; i < constants.length; i++) {
        entries.get(i).constantID(i).offset(4 * i).size(4);
        data.putInt(4 * i, constants[i]);
      }
      VkPipelineShaderStageCreateInfo stage = VkPipelineShaderStageCreateInfo.calloc(stack).sType$Default()
          .stage(VK_SHADER_STAGE_COMPUTE_BIT).module(module[0]).pName(stack.UTF8("main"))
          .pSpecializationInfo(VkSpecializationInfo.calloc(stack).pMapEntries(entries).pData(data));
      if (requiredSubgroupSize > 0) {
        // the coopmat shader maps gl_SubgroupID to tiles: subgroups must be full and of the planned size
        stage.flags(VK_PIPELINE_SHADER_STAGE_CREATE_REQUIRE_FULL_SUBGROUPS_BIT);
        PNext.chain(stage, VkPipelineShaderStageRequiredSubgroupSizeCreateInfo.calloc(stack).sType$Default()
            .requiredSubgroupSize(requiredSubgroupSize));
      }
      VkComputePipelineCreateInfo.Buffer info = VkComputePipelineCreateInfo.calloc(1, stack).sType$Default()
          .flags(flags).stage(stage).layout(pipelineLayout).basePipelineHandle(VK_NULL_HANDLE).basePipelineIndex(-1);
      long[] pipeline = new long[1];
      int r = vkCreateComputePipelines(device.handle, cache, info, null, pipeline);
      if (r == -1 || r == -2) {
        VkResults.check(r, "vkCreateComputePipelines (" + what + ")"); // out of memory, not a build failure
      }
      if (r != 0) {
        throw new KernelBuildException(VulkanProvider.ID, "vkCreateComputePipelines failed for " + what + ": "
            + VkResults.name(r) + " (" + r + ")", "driver " + device.info.driver + ", " + describe);
      }
      scope.add("pipeline", pipeline[0], () -> vkDestroyPipeline(device.handle, pipeline[0], null));
      return pipeline[0];
    }
  }
}
