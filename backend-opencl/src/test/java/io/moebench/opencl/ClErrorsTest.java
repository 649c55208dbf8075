package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.spi.DeviceMemoryException;
import org.junit.jupiter.api.Test;

class ClErrorsTest {
  @Test
  void everyCoreCodeHasAName() {
    for (int code = 0; code >= -72; code--) {
      if (code > -20 || code <= -30) { // -20..-29 are unassigned in the specification
        assertThat(ClErrors.name(code)).as("code %d", code).startsWith("CL_");
      }
    }
    assertThat(ClErrors.name(-1001)).isEqualTo("CL_PLATFORM_NOT_FOUND_KHR");
    assertThat(ClErrors.name(-25)).isEqualTo("UNKNOWN_CL_ERROR");
  }

  @Test
  void failuresCarryOperationCodeAndName() {
    assertThatThrownBy(() -> ClErrors.check(-54, "clEnqueueNDRangeKernel(x)")).isInstanceOfSatisfying(ClCallException.class, e -> {
      assertThat(e.operation()).isEqualTo("clEnqueueNDRangeKernel(x)");
      assertThat(e.code()).isEqualTo(-54);
      assertThat(e.codeName()).isEqualTo("CL_INVALID_WORK_GROUP_SIZE");
      assertThat(e.getMessage()).isEqualTo("opencl: clEnqueueNDRangeKernel(x) failed: CL_INVALID_WORK_GROUP_SIZE (-54)");
    });
    ClErrors.check(0, "fine");
  }

  @Test
  void outOfMemoryOnAllocationIsADeviceMemoryError() {
    for (int code : new int[] {-4, -5, -61}) {
      assertThatThrownBy(() -> ClErrors.checkAllocation(code, "clCreateBuffer(w)")).isInstanceOf(DeviceMemoryException.class)
          .hasMessageContaining(ClErrors.name(code)).hasCauseInstanceOf(ClCallException.class);
    }
    assertThatThrownBy(() -> ClErrors.checkAllocation(-38, "clEnqueueWriteBuffer(w)")).isInstanceOf(ClCallException.class);
  }
}
