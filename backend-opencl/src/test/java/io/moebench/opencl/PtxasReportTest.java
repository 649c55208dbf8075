package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The assembler report in a build log; OfflineKernelCompileTest checks it against ptxas -v's own output. */
class PtxasReportTest {

  @Test
  void readsRegistersStackFrameAndSpillStores() {
    String log = """
        ptxas info    : 0 bytes gmem
        ptxas info    : Compiling entry function 'moe_gemm' for 'sm_90'
        ptxas info    : Function properties for moe_gemm
            512 bytes stack frame, 36 bytes spill stores, 36 bytes spill loads
        ptxas info    : Used 128 registers, used 1 barriers, 33792 bytes smem, 400 bytes cmem[0]
        """;
    assertThat(PtxasReport.parse(log)).contains(new PtxasReport(128, 512, 36));
    assertThat(PtxasReport.parse(log).orElseThrow().describe())
        .isEqualTo("{registers 128, stack frame 512 B, spill stores 36 B}");
  }

  @Test
  void aReportWithoutItsFunctionPropertiesCountsNoStackOrSpills() {
    String log = "ptxas info    : Used 96 registers, 400 bytes cmem[0]";
    assertThat(PtxasReport.parse(log)).contains(new PtxasReport(96, 0, 0));
  }

  @Test
  void aLogWithoutTheReportHasNone() {
    assertThat(PtxasReport.parse("")).isEmpty();
    assertThat(PtxasReport.parse("warning: unused variable")).isEmpty();
  }
}
