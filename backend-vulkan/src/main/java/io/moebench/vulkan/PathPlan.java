package io.moebench.vulkan;

import static org.lwjgl.vulkan.KHRCooperativeMatrix.VK_COMPONENT_TYPE_FLOAT16_KHR;
import static org.lwjgl.vulkan.KHRShaderBfloat16.VK_COMPONENT_TYPE_BFLOAT16_KHR;

import io.moebench.core.InputException;
import io.moebench.core.quant.Dtype;
import io.moebench.core.spi.BackendUnavailableException;
import io.moebench.core.spi.UnsupportedProblemException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which matrix path each dtype takes on a device: cooperative matrices where the device lists a
 * shape for the dtype's 16-bit type (fp16: NVIDIA and RDNA3; bf16: NVIDIA via
 * VK_KHR_shader_bfloat16, not RADV 25.0), the portable path otherwise, unless an option pins one.
 *
 * @param coopmat the dtypes on the coopmat kernel and their matrix shape
 * @param portable the dtypes on the portable path
 * @param subgroupSize the subgroup size the coopmat pipelines require (0 when no dtype uses them)
 * @param emulated whether the coopmat kernel runs with emulated matrix operations
 */
record PathPlan(Map<Dtype, CoopmatShape> coopmat, Set<Dtype> portable, int subgroupSize, boolean emulated) {
  /** The shape the emulation computes: the one both NVIDIA and RDNA3 list. */
  private static final int EMULATED_SIZE = 16;

  /** The default coopmat subgroup size where the device allows it: RDNA3 wave32, NVIDIA's only size. */
  static final int PREFERRED_SUBGROUP = 32;

  PathPlan {
    coopmat = Map.copyOf(coopmat);
    portable = Set.copyOf(portable);
  }

  static PathPlan choose(PhysicalDeviceInfo device, VulkanOptions options) {
    int subgroup = options.subgroupSize().map(s -> checkedSubgroup(device, s)).orElse(defaultSubgroup(device));
    MatrixPath requested = options.path().orElse(null);
    if (requested == MatrixPath.PORTABLE) {
      return new PathPlan(Map.of(), EnumSet.allOf(Dtype.class), 0, false);
    }
    if (requested == MatrixPath.COOPMAT_EMULATED) {
      if (!device.shaderFloat16 || !subgroupControl(device)) {
        throw new BackendUnavailableException(VulkanProvider.ID, "path=coopmat-emulated on " + device.name
            + ": needs shaderFloat16, subgroup size control and subgroup operations in compute shaders");
      }
      return new PathPlan(Map.of(
          Dtype.FP16, new CoopmatShape(EMULATED_SIZE, EMULATED_SIZE, EMULATED_SIZE, VK_COMPONENT_TYPE_FLOAT16_KHR),
          Dtype.BF16, new CoopmatShape(EMULATED_SIZE, EMULATED_SIZE, EMULATED_SIZE, VK_COMPONENT_TYPE_BFLOAT16_KHR)),
          Set.of(), subgroup, true);
    }
    Map<Dtype, CoopmatShape> shapes = new EnumMap<>(Dtype.class);
    String missing = coopmatMissing(device);
    if (missing == null) {
      Optional.ofNullable(device.coopmatShape(VK_COMPONENT_TYPE_FLOAT16_KHR)).ifPresent(s -> shapes.put(Dtype.FP16, s));
      if (device.bfloat16CooperativeMatrix) {
        Optional.ofNullable(device.coopmatShape(VK_COMPONENT_TYPE_BFLOAT16_KHR)).ifPresent(s -> shapes.put(Dtype.BF16, s));
      }
      if (shapes.isEmpty()) {
        missing = "no 16x8 or 16x16 fp16/bf16 cooperative matrix with fp32 accumulation among " + device.coopmatShapes;
      }
    }
    if (requested == MatrixPath.COOPMAT) {
      if (missing != null) {
        throw new BackendUnavailableException(VulkanProvider.ID, "path=coopmat on " + device.name + ": " + missing);
      }
      return new PathPlan(shapes, Set.of(), subgroup, false);
    }
    Set<Dtype> rest = EnumSet.allOf(Dtype.class);
    rest.removeAll(shapes.keySet());
    return new PathPlan(shapes, rest, shapes.isEmpty() ? 0 : subgroup, false);
  }

  /** Subgroup size control and basic subgroup operations in compute shaders, which both coopmat kernels need. */
  private static boolean subgroupControl(PhysicalDeviceInfo d) {
    return d.subgroupSizeControl && d.computeFullSubgroups && d.computeSubgroupSizeControl && d.computeSubgroups;
  }

  /** Why the device cannot run the coopmat shaders at all, or null. */
  static String coopmatMissing(PhysicalDeviceInfo d) {
    if (!d.cooperativeMatrix) {
      return "no VK_KHR_cooperative_matrix";
    }
    if (!d.shaderFloat16 || !d.vulkanMemoryModel) {
      return "no shaderFloat16 or vulkanMemoryModel";
    }
    if (!subgroupControl(d)) {
      return "no subgroup size control or subgroup operations in compute shaders";
    }
    return null;
  }

  private static int defaultSubgroup(PhysicalDeviceInfo d) {
    return d.minSubgroupSize <= PREFERRED_SUBGROUP && PREFERRED_SUBGROUP <= d.maxSubgroupSize ? PREFERRED_SUBGROUP
        : d.subgroupSize;
  }

  private static int checkedSubgroup(PhysicalDeviceInfo d, int size) {
    InputException.require(d.minSubgroupSize <= size && size <= d.maxSubgroupSize,
        "vulkan option subgroup=" + size + ": " + d.name + " allows powers of two from " + d.minSubgroupSize + " to "
            + d.maxSubgroupSize);
    return size;
  }

  Set<Dtype> dtypes() {
    Set<Dtype> all = EnumSet.noneOf(Dtype.class);
    all.addAll(coopmat.keySet());
    all.addAll(portable);
    return all;
  }

  /** The path of a dtype; refused when this plan cannot run it. */
  MatrixPath path(Dtype dtype) {
    if (coopmat.containsKey(dtype)) {
      return emulated ? MatrixPath.COOPMAT_EMULATED : MatrixPath.COOPMAT;
    }
    if (portable.contains(dtype)) {
      return MatrixPath.PORTABLE;
    }
    throw new UnsupportedProblemException(VulkanProvider.ID, dtype + " is not supported here; supported: " + dtypes());
  }

  /** Whether the device must enable cooperative matrices. */
  boolean usesCooperativeMatrices() {
    return !coopmat.isEmpty() && !emulated;
  }

  boolean usesBf16CooperativeMatrices() {
    return coopmat.containsKey(Dtype.BF16) && !emulated;
  }

  boolean usesEmulation() {
    return emulated;
  }

  /** "coopmat", "portable", "coopmat-emulated", or per dtype, e.g. "fp16:coopmat bf16:portable". */
  String describe() {
    if (portable.isEmpty()) {
      return (emulated ? MatrixPath.COOPMAT_EMULATED : MatrixPath.COOPMAT).id();
    }
    if (coopmat.isEmpty()) {
      return MatrixPath.PORTABLE.id();
    }
    return dtypes().stream().map(d -> d.id() + ":" + path(d).id()).collect(Collectors.joining(" "));
  }
}
