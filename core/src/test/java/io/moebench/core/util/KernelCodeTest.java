package io.moebench.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelCodeTest {
  private static final String KERNEL = """
      // W4A16 grouped GEMM
      #define TILE 128 // columns a work-group takes

      /* one work-item
         per column */
      kernel void k(global const uint* a) {
        const uint x = a[get_local_id(0)] / 2;  // halves
        asm volatile("fma.rn.bf16x2 %0, %1; // not a comment" : "=r"(x));
      }
      """;

  @Test
  void keepsEveryTokenAndDirectiveWithoutCommentsOrSpareBlanks() {
    assertThat(KernelCode.of(KERNEL)).isEqualTo("""
        #define TILE 128
        kernel void k(global const uint* a) {
        const uint x = a[get_local_id(0)] / 2;
        asm volatile("fma.rn.bf16x2 %0, %1; // not a comment" : "=r"(x));
        }""");
  }

  @Test
  void editingCommentsBlankLinesOrIndentationLeavesTheCodeAsItWas() {
    String edited = KERNEL.replace("// columns a work-group takes", "/* the N tile, in columns */")
        .replace("// halves", "// half of it, as the packing wants").replace("  const uint x", "\tconst   uint x")
        .replace("/* one work-item\n   per column */\n", "\n\n");
    assertThat(KernelCode.of(edited)).isEqualTo(KernelCode.of(KERNEL));
  }

  @Test
  void anyChangeToATokenADirectiveOrALiteralIsAnotherCode() {
    String code = KernelCode.of(KERNEL);
    assertThat(KernelCode.of(KERNEL.replace("TILE 128", "TILE 64"))).isNotEqualTo(code);
    assertThat(KernelCode.of(KERNEL.replace("/ 2", "/ 4"))).isNotEqualTo(code);
    assertThat(KernelCode.of(KERNEL.replace("// not a comment", "// still not one"))).isNotEqualTo(code);
    assertThat(KernelCode.of(KERNEL.replace("const uint x", "constuint x"))).isNotEqualTo(code);
    assertThat(KernelCode.of(KERNEL.replace("#define TILE 128 //", "#define TILE 128\n//"))).isEqualTo(code);
    assertThat(KernelCode.of(KERNEL.replace("#define TILE 128 //", "#define TILE\n128 //"))).isNotEqualTo(code);
  }

  @Test
  void aCommentOrADefineContinuedByABackslashIsReadAsTheCompilerReadsIt() {
    // phase 2 joins the lines before comments are removed: the second line belongs to the comment
    assertThat(KernelCode.of("int a; // note \\\nint b;\nint c;")).isEqualTo("int a;\nint c;");
    assertThat(KernelCode.of("#define SUM(x, y) \\\n  ((x) + /* why */ (y))\n"))
        .isEqualTo(KernelCode.of("#define SUM(x, y) ((x) + (y))"));
  }

  @Test
  void anUnclosedCommentOrLiteralEndsTheTextWithoutError() {
    assertThat(KernelCode.of("int a; /* open")).isEqualTo("int a;");
    assertThat(KernelCode.of("char* s = \"open")).isEqualTo("char* s = \"open");
  }
}
