package io.moebench.core.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.InputException;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InputMetaTest {

  @Test
  void readsEveryField() {
    InputMeta m = InputMeta.parse("{\"gemm\": 2, \"layout\": \"gptq\", \"dtype\": \"fp16\", \"group_size\": 64, \"block_m\": 16}");
    assertThat(m).isEqualTo(new InputMeta(2, WeightLayout.GPTQ, Dtype.FP16, 64, 16));
  }

  @Test
  void missingAndNullFieldsAreLeftToInference() {
    assertThat(InputMeta.parse("{}")).isEqualTo(InputMeta.NONE);
    assertThat(InputMeta.parse("\uFEFF {\n\t\"gemm\" : 1 ,\r\n \"dtype\": null }\n"))
        .isEqualTo(new InputMeta(1, null, null, null, null));
  }

  @Test
  void stringsMayUseEscapes() {
    assertThat(InputMeta.parse("{\"l\\u0061yout\": \"ex\\u006clama\"}").layout()).isEqualTo(WeightLayout.EXLLAMA);
  }

  @Test
  void toJsonReadsBackTheSame() {
    InputMeta m = new InputMeta(1, WeightLayout.EXLLAMA, Dtype.BF16, 128, 32);
    assertThat(InputMeta.parse(m.toJson())).isEqualTo(m);
  }

  @Test
  void aFolderWithoutMetaJsonHasNone(@TempDir Path dir) {
    assertThat(InputMeta.read(dir.resolve(InputMeta.FILE))).isEqualTo(InputMeta.NONE);
  }

  @Test
  void nonUtf8IsRefused(@TempDir Path dir) throws IOException {
    Path f = Files.write(dir.resolve(InputMeta.FILE), new byte[] {'{', (byte) 0xff, '}'});
    assertThatThrownBy(() -> InputMeta.read(f)).isInstanceOf(InputException.class).hasMessage("meta.json: not UTF-8 text");
  }

  static Stream<Arguments> badMeta() {
    return Stream.of(
        Arguments.of("", "bad JSON at end of file: expected a JSON object starting with {"),
        Arguments.of("[1]", "bad JSON at line 1, column 1: expected a JSON object starting with {"),
        Arguments.of("{\"gemm\": 1,}", "bad JSON at line 1, column 12: expected a \"key\""),
        Arguments.of("{\"gemm\" 1}", "bad JSON at line 1, column 9: expected ':' after \"gemm\""),
        Arguments.of("{\"gemm\": 1\n\"dtype\": \"fp16\"}", "bad JSON at line 2, column 1: expected ',' or '}'"),
        Arguments.of("{\"gemm\": 1} {}", "bad JSON at line 1, column 13: unexpected text after the closing }"),
        Arguments.of("{\"dtype\": \"fp16", "bad JSON at end of file: unterminated string"),
        Arguments.of("{\"dtype\": \"fp\\x16\"}", "bad JSON at line 1, column 15: bad escape \\x"),
        Arguments.of("{\"gemm\": }", "bad JSON at line 1, column 10: expected a value for \"gemm\""),
        Arguments.of("{\"gemm\": 1, \"gemm\": 2}", "\"gemm\" is given twice"),
        Arguments.of("{\"gemm\": 1.0}", "\"gemm\" is 1.0, allowed: a whole number"),
        Arguments.of("{\"gemm\": \"1\"}", "\"gemm\" is \"1\", allowed: a whole number (no quotes)"),
        Arguments.of("{\"gemm\": true}", "\"gemm\" must be a string or a whole number"),
        Arguments.of("{\"gemm\": [1]}", "\"gemm\" must be a string or a whole number"),
        Arguments.of("{\"gemm\": 3}", "\"gemm\" is 3, allowed values are 1 and 2"),
        Arguments.of("{\"gemm\": 99999999999}", "\"gemm\" is 99999999999, out of range"),
        Arguments.of("{\"layout\": 1}", "\"layout\" is 1, allowed values are the strings gptq, exllama"),
        Arguments.of("{\"layout\": \"awq\"}", "\"layout\": unknown layout 'awq': allowed values are gptq, exllama"),
        Arguments.of("{\"dtype\": \"fp32\"}", "\"dtype\": unknown dtype 'fp32': allowed values are bf16, fp16"),
        Arguments.of("{\"group_size\": 12}", "\"group_size\" is 12, allowed: a positive multiple of 8, e.g. [32, 64, 128]"),
        Arguments.of("{\"block_m\": 0}", "\"block_m\" is 0, allowed 1..1024 (the production block is 32)"),
        Arguments.of("{\"blockm\": 32}", "unknown key \"blockm\"; allowed keys are gemm, layout, dtype, group_size, block_m"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("badMeta")
  void refusesWithOneLineNamingTheFile(String json, String problem) {
    assertThatThrownBy(() -> InputMeta.parse(json)).isInstanceOf(InputException.class).hasMessage("meta.json: " + problem);
  }
}
