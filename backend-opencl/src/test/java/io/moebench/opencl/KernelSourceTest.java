package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelSourceTest {
  @Test
  void headersAreInlinedOnceWithLineMarkers() {
    String source = KernelSource.load("moe_gemm_mma.cl");
    assertThat(source).doesNotContain("#include");
    // moe_common.h is included by the kernel and by every other header: its text appears once
    assertThat(source.split("inline float bf16_to_float", -1)).hasSize(2);
    assertThat(source).contains("#line 1 \"moe_dequant.h\"").contains("#line 1 \"moe_mma_gfx11.h\"");
  }

  @Test
  void eachPathsKernelFileExists() {
    for (MatrixPath p : MatrixPath.values()) {
      assertThat(KernelSource.load(p.sourceFile())).contains("void moe_gemm(");
    }
  }
}
