package io.moebench.vulkan;

import static org.lwjgl.vulkan.KHRCooperativeMatrix.VK_COMPONENT_TYPE_FLOAT16_KHR;
import static org.lwjgl.vulkan.KHRCooperativeMatrix.VK_COMPONENT_TYPE_FLOAT32_KHR;
import static org.lwjgl.vulkan.KHRCooperativeMatrix.VK_SCOPE_SUBGROUP_KHR;
import static org.lwjgl.vulkan.KHRCooperativeMatrix.vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR;
import static org.lwjgl.vulkan.KHRShaderBfloat16.VK_COMPONENT_TYPE_BFLOAT16_KHR;
import static org.lwjgl.vulkan.VK10.VK_MEMORY_HEAP_DEVICE_LOCAL_BIT;
import static org.lwjgl.vulkan.VK10.VK_PHYSICAL_DEVICE_TYPE_CPU;
import static org.lwjgl.vulkan.VK10.VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU;
import static org.lwjgl.vulkan.VK10.VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU;
import static org.lwjgl.vulkan.VK10.VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU;
import static org.lwjgl.vulkan.VK10.VK_QUEUE_COMPUTE_BIT;
import static org.lwjgl.vulkan.VK10.VK_SHADER_STAGE_COMPUTE_BIT;
import static org.lwjgl.vulkan.VK10.VK_VERSION_MAJOR;
import static org.lwjgl.vulkan.VK10.VK_VERSION_MINOR;
import static org.lwjgl.vulkan.VK10.VK_VERSION_PATCH;
import static org.lwjgl.vulkan.VK10.vkEnumerateDeviceExtensionProperties;
import static org.lwjgl.vulkan.VK10.vkGetPhysicalDeviceMemoryProperties;
import static org.lwjgl.vulkan.VK10.vkGetPhysicalDeviceProperties;
import static org.lwjgl.vulkan.VK10.vkGetPhysicalDeviceQueueFamilyProperties;
import static org.lwjgl.vulkan.VK11.VK_SUBGROUP_FEATURE_BASIC_BIT;
import static org.lwjgl.vulkan.VK11.vkGetPhysicalDeviceFeatures2;
import static org.lwjgl.vulkan.VK11.vkGetPhysicalDeviceProperties2;
import static org.lwjgl.vulkan.VK13.VK_API_VERSION_1_3;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCooperativeMatrixPropertiesKHR;
import org.lwjgl.vulkan.VkExtensionProperties;
import org.lwjgl.vulkan.VkPhysicalDevice;
import org.lwjgl.vulkan.VkPhysicalDeviceCooperativeMatrixFeaturesKHR;
import org.lwjgl.vulkan.VkPhysicalDeviceFeatures2;
import org.lwjgl.vulkan.VkPhysicalDeviceLimits;
import org.lwjgl.vulkan.VkPhysicalDeviceMemoryProperties;
import org.lwjgl.vulkan.VkPhysicalDeviceProperties;
import org.lwjgl.vulkan.VkPhysicalDeviceProperties2;
import org.lwjgl.vulkan.VkPhysicalDeviceShaderBfloat16FeaturesKHR;
import org.lwjgl.vulkan.VkPhysicalDeviceShaderCoreProperties2AMD;
import org.lwjgl.vulkan.VkPhysicalDeviceShaderSMBuiltinsPropertiesNV;
import org.lwjgl.vulkan.VkPhysicalDeviceVulkan11Properties;
import org.lwjgl.vulkan.VkPhysicalDeviceVulkan12Features;
import org.lwjgl.vulkan.VkPhysicalDeviceVulkan12Properties;
import org.lwjgl.vulkan.VkPhysicalDeviceVulkan13Features;
import org.lwjgl.vulkan.VkPhysicalDeviceVulkan13Properties;
import org.lwjgl.vulkan.VkQueueFamilyProperties;

/** What one physical device offers, read once: identity, limits, features, cooperative matrices. */
final class PhysicalDeviceInfo {
  /** PCI vendor id of NVIDIA. */
  static final int NVIDIA = 0x10DE;

  static final String COOPMAT_EXT = "VK_KHR_cooperative_matrix";
  static final String BFLOAT16_EXT = "VK_KHR_shader_bfloat16";
  private static final String SM_BUILTINS_EXT = "VK_NV_shader_sm_builtins";
  private static final String AMD_CORE2_EXT = "VK_AMD_shader_core_properties2";

  final VkPhysicalDevice handle;
  final int index;
  final String name;
  final int vendorId;
  final int deviceType;
  final int apiVersion;
  final String driver;
  final Set<String> extensions;
  final long maxStorageBufferRange;
  final long maxMemoryAllocationSize;
  final long maxBufferSize;
  final int maxSharedMemory;
  final int maxWorkGroupCountX;
  final int maxWorkGroupCountY;
  final int maxWorkGroupInvocations;
  final float timestampPeriod;
  final int subgroupSize;
  final int minSubgroupSize;
  final int maxSubgroupSize;
  final boolean computeSubgroupSizeControl;
  /** Basic subgroup operations in compute shaders: gl_SubgroupID maps tiles, the emulation's subgroup barriers. */
  final boolean computeSubgroups;
  final int computeUnits;
  final long deviceLocalBytes;
  final int computeQueueFamily;
  final int timestampValidBits;
  // features the backend may enable
  final boolean bufferDeviceAddress;
  final boolean maintenance4;
  final boolean shaderFloat16;
  final boolean vulkanMemoryModel;
  final boolean subgroupSizeControl;
  final boolean computeFullSubgroups;
  final boolean cooperativeMatrix;
  final boolean bfloat16CooperativeMatrix;
  /** Subgroup-scope shapes with fp32 accumulation, by input component type. */
  final List<CoopmatShape> coopmatShapes;

  private PhysicalDeviceInfo(VkPhysicalDevice handle, int index, MemoryStack stack) {
    this.handle = handle;
    this.index = index;
    extensions = extensionNames(handle);
    boolean smBuiltins = extensions.contains(SM_BUILTINS_EXT);
    boolean amdCore = extensions.contains(AMD_CORE2_EXT);

    VkPhysicalDeviceVulkan11Properties p11 = VkPhysicalDeviceVulkan11Properties.calloc(stack).sType$Default();
    VkPhysicalDeviceVulkan12Properties p12 = VkPhysicalDeviceVulkan12Properties.calloc(stack).sType$Default();
    VkPhysicalDeviceVulkan13Properties p13 = VkPhysicalDeviceVulkan13Properties.calloc(stack).sType$Default();
    VkPhysicalDeviceShaderSMBuiltinsPropertiesNV sm = VkPhysicalDeviceShaderSMBuiltinsPropertiesNV.calloc(stack).sType$Default();
    VkPhysicalDeviceShaderCoreProperties2AMD amd = VkPhysicalDeviceShaderCoreProperties2AMD.calloc(stack).sType$Default();
    VkPhysicalDeviceProperties2 props = VkPhysicalDeviceProperties2.calloc(stack).sType$Default();
    List<org.lwjgl.system.Struct<?>> chain = new ArrayList<>(List.of(p11, p12, p13));
    if (smBuiltins) {
      chain.add(sm);
    }
    if (amdCore) {
      chain.add(amd);
    }
    PNext.chain(props, chain.toArray(new org.lwjgl.system.Struct<?>[0]));
    vkGetPhysicalDeviceProperties2(handle, props);
    VkPhysicalDeviceProperties p = props.properties();
    VkPhysicalDeviceLimits limits = p.limits();
    name = p.deviceNameString();
    vendorId = p.vendorID();
    deviceType = p.deviceType();
    apiVersion = p.apiVersion();
    driver = p12.driverNameString() + " " + p12.driverInfoString();
    maxStorageBufferRange = Integer.toUnsignedLong(limits.maxStorageBufferRange());
    maxMemoryAllocationSize = p11.maxMemoryAllocationSize();
    maxBufferSize = p13.maxBufferSize();
    maxSharedMemory = limits.maxComputeSharedMemorySize();
    maxWorkGroupCountX = limits.maxComputeWorkGroupCount(0);
    maxWorkGroupCountY = limits.maxComputeWorkGroupCount(1);
    maxWorkGroupInvocations = limits.maxComputeWorkGroupInvocations();
    timestampPeriod = limits.timestampPeriod();
    subgroupSize = p11.subgroupSize();
    minSubgroupSize = p13.minSubgroupSize();
    maxSubgroupSize = p13.maxSubgroupSize();
    computeSubgroupSizeControl = (p13.requiredSubgroupSizeStages() & VK_SHADER_STAGE_COMPUTE_BIT) != 0;
    computeSubgroups = (p11.subgroupSupportedStages() & VK_SHADER_STAGE_COMPUTE_BIT) != 0
        && (p11.subgroupSupportedOperations() & VK_SUBGROUP_FEATURE_BASIC_BIT) != 0;
    computeUnits = smBuiltins ? sm.shaderSMCount() : amdCore ? amd.activeComputeUnitCount() : 0;

    VkPhysicalDeviceMemoryProperties mem = VkPhysicalDeviceMemoryProperties.calloc(stack);
    vkGetPhysicalDeviceMemoryProperties(handle, mem);
    long local = 0;
    for (int h = 0; h < mem.memoryHeapCount(); h++) {
      if ((mem.memoryHeaps(h).flags() & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) != 0) {
        local = Math.max(local, mem.memoryHeaps(h).size());
      }
    }
    deviceLocalBytes = local;

    int[] queue = computeQueue(handle, stack);
    computeQueueFamily = queue[0];
    timestampValidBits = queue[1];

    VkPhysicalDeviceVulkan12Features f12 = VkPhysicalDeviceVulkan12Features.calloc(stack).sType$Default();
    VkPhysicalDeviceVulkan13Features f13 = VkPhysicalDeviceVulkan13Features.calloc(stack).sType$Default();
    VkPhysicalDeviceCooperativeMatrixFeaturesKHR fcm = VkPhysicalDeviceCooperativeMatrixFeaturesKHR.calloc(stack).sType$Default();
    VkPhysicalDeviceShaderBfloat16FeaturesKHR fbf = VkPhysicalDeviceShaderBfloat16FeaturesKHR.calloc(stack).sType$Default();
    VkPhysicalDeviceFeatures2 features = VkPhysicalDeviceFeatures2.calloc(stack).sType$Default();
    boolean coopmatExt = extensions.contains(COOPMAT_EXT);
    boolean bf16Ext = extensions.contains(BFLOAT16_EXT);
    List<org.lwjgl.system.Struct<?>> fchain = new ArrayList<>(List.of(f12, f13));
    if (coopmatExt) {
      fchain.add(fcm);
    }
    if (bf16Ext) {
      fchain.add(fbf);
    }
    PNext.chain(features, fchain.toArray(new org.lwjgl.system.Struct<?>[0]));
    vkGetPhysicalDeviceFeatures2(handle, features);
    bufferDeviceAddress = f12.bufferDeviceAddress();
    maintenance4 = f13.maintenance4();
    shaderFloat16 = f12.shaderFloat16();
    vulkanMemoryModel = f12.vulkanMemoryModel() && f12.vulkanMemoryModelDeviceScope();
    subgroupSizeControl = f13.subgroupSizeControl();
    computeFullSubgroups = f13.computeFullSubgroups();
    cooperativeMatrix = coopmatExt && fcm.cooperativeMatrix();
    bfloat16CooperativeMatrix = bf16Ext && fbf.shaderBFloat16Type() && fbf.shaderBFloat16CooperativeMatrix();
    coopmatShapes = cooperativeMatrix ? coopmatShapes(handle) : List.of();
  }

  /**
   * Why a device cannot be described at all (Vulkan below 1.3: the 1.1-1.3 property structs this
   * class reads are undefined there), or null. Cheap: reads the core properties only.
   */
  static String tooOld(VkPhysicalDevice handle) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      VkPhysicalDeviceProperties p = VkPhysicalDeviceProperties.calloc(stack);
      vkGetPhysicalDeviceProperties(handle, p);
      return p.apiVersion() < VK_API_VERSION_1_3
          ? p.deviceNameString() + " supports Vulkan " + version(p.apiVersion()) + ", the backend needs 1.3" : null;
    }
  }

  /** Reads everything of a Vulkan 1.3 device ({@link #tooOld} is null). */
  static PhysicalDeviceInfo query(VkPhysicalDevice handle, int index) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      return new PhysicalDeviceInfo(handle, index, stack);
    }
  }

  /** Extension names, read into heap memory: NVIDIA lists about 250, more than the 64 KiB stack holds. */
  private static Set<String> extensionNames(VkPhysicalDevice handle) {
    int[] count = new int[1];
    VkResults.check(vkEnumerateDeviceExtensionProperties(handle, (String) null, count, null),
        "vkEnumerateDeviceExtensionProperties");
    VkExtensionProperties.Buffer props = VkExtensionProperties.calloc(count[0]);
    try {
      VkResults.check(vkEnumerateDeviceExtensionProperties(handle, (String) null, count, props),
          "vkEnumerateDeviceExtensionProperties");
      Set<String> names = new HashSet<>();
      for (int i = 0; i < count[0]; i++) {
        names.add(props.get(i).extensionNameString());
      }
      return Set.copyOf(names);
    } finally {
      props.free();
    }
  }

  /** {family, timestampValidBits} of the first queue family with compute and timestamps; {-1, 0} if none. */
  private static int[] computeQueue(VkPhysicalDevice handle, MemoryStack stack) {
    IntBuffer count = stack.mallocInt(1);
    vkGetPhysicalDeviceQueueFamilyProperties(handle, count, null);
    VkQueueFamilyProperties.Buffer families = VkQueueFamilyProperties.calloc(count.get(0), stack);
    vkGetPhysicalDeviceQueueFamilyProperties(handle, count, families);
    for (int i = 0; i < families.capacity(); i++) {
      VkQueueFamilyProperties f = families.get(i);
      if ((f.queueFlags() & VK_QUEUE_COMPUTE_BIT) != 0 && f.timestampValidBits() > 0) {
        return new int[] {i, f.timestampValidBits()};
      }
    }
    return new int[] {-1, 0};
  }

  private static List<CoopmatShape> coopmatShapes(VkPhysicalDevice handle) {
    int[] count = new int[1];
    VkResults.check(vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR(handle, count, null),
        "vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR");
    VkCooperativeMatrixPropertiesKHR.Buffer props = VkCooperativeMatrixPropertiesKHR.calloc(count[0]);
    try {
      for (VkCooperativeMatrixPropertiesKHR p : props) {
        p.sType$Default();
      }
      VkResults.check(vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR(handle, count, props),
          "vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR");
      List<CoopmatShape> shapes = new ArrayList<>();
      for (int i = 0; i < count[0]; i++) {
        VkCooperativeMatrixPropertiesKHR p = props.get(i);
        boolean floatInput = p.AType() == VK_COMPONENT_TYPE_FLOAT16_KHR || p.AType() == VK_COMPONENT_TYPE_BFLOAT16_KHR;
        if (p.scope() == VK_SCOPE_SUBGROUP_KHR && floatInput && p.BType() == p.AType()
            && p.CType() == VK_COMPONENT_TYPE_FLOAT32_KHR && p.ResultType() == VK_COMPONENT_TYPE_FLOAT32_KHR) {
          shapes.add(new CoopmatShape(p.MSize(), p.NSize(), p.KSize(), p.AType()));
        }
      }
      return List.copyOf(shapes);
    } finally {
      props.free();
    }
  }

  /** Why the backend cannot use this device at all, or null. */
  String unusableReason() {
    if (!bufferDeviceAddress || !maintenance4) {
      return name + " lacks bufferDeviceAddress or maintenance4";
    }
    if (computeQueueFamily < 0) {
      return name + " has no compute queue with timestamps";
    }
    return null;
  }

  /** Device preference: discrete, integrated, virtual, CPU (lavapipe), other. */
  int typeRank() {
    switch (deviceType) {
      case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
        return 4;
      case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
        return 3;
      case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
        return 2;
      case VK_PHYSICAL_DEVICE_TYPE_CPU:
        return 1;
      default:
        return 0;
    }
  }

  boolean isCpu() {
    return deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
  }

  String vendor() {
    switch (vendorId) {
      case 0x1002:
        return "AMD";
      case NVIDIA:
        return "NVIDIA";
      case 0x8086:
        return "Intel";
      case 0x13B5:
        return "ARM";
      case 0x5143:
        return "Qualcomm";
      case 0x1010:
        return "Imagination";
      case 0x106B:
        return "Apple";
      case 0x10005:
        return "Mesa";
      default:
        return String.format("vendor 0x%04x", vendorId);
    }
  }

  static String version(int v) {
    return VK_VERSION_MAJOR(v) + "." + VK_VERSION_MINOR(v) + "." + VK_VERSION_PATCH(v);
  }

  /** The shape for an input component type, preferring 16x16x16 (both NVIDIA and RDNA3 list it). */
  CoopmatShape coopmatShape(int inputType) {
    CoopmatShape best = null;
    for (CoopmatShape s : coopmatShapes) {
      boolean usable = s.inputType() == inputType && s.m() == 16 && (s.n() == 16 || s.n() == 8) && s.k() <= 32
          && 32 % s.k() == 0;
      if (usable && (best == null || s.n() > best.n())) {
        best = s;
      }
    }
    return best;
  }

  /** The figures worth recording with results. */
  Map<String, String> summary() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(io.moebench.core.spi.DeviceInfo.TYPE, isCpu() ? "cpu" : typeRank() >= 2 ? "gpu" : "other");
    m.put("vulkan", version(apiVersion));
    m.put("deviceIndex", Integer.toString(index));
    m.put("subgroupSize", subgroupSize + " (" + minSubgroupSize + ".." + maxSubgroupSize + ")");
    m.put("maxComputeSharedMemorySize", Integer.toString(maxSharedMemory));
    m.put("maxStorageBufferRange", Long.toString(maxStorageBufferRange));
    m.put("maxMemoryAllocationSize", Long.toString(maxMemoryAllocationSize));
    m.put("timestampPeriodNs", Float.toString(timestampPeriod));
    m.put("cooperativeMatrix", cooperativeMatrix ? coopmatShapes.toString() : "none");
    return m;
  }
}
