package io.moebench.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.moebench.core.InputException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArchetypeTest {

  @ParameterizedTest
  @CsvSource({"balanced, BALANCED, 0", "uniform, ZIPF, 0", "zipf1, ZIPF, 1", "zipf2, ZIPF, 2", "hot16, HOT, 16",
      "zipf:1.5, ZIPF, 1.5", "zipf:0, ZIPF, 0", "hot:4, HOT, 4", "' Zipf1 ', ZIPF, 1", "HOT:1, HOT, 1"})
  void parsesNamedAndParametricArchetypes(String text, Archetype.Kind kind, double parameter) {
    Archetype a = Archetype.parse(text);
    assertThat(a.kind()).isEqualTo(kind);
    assertThat(a.parameter()).isEqualTo(parameter);
    assertThat(a.name()).isEqualTo(text.trim().toLowerCase());
  }

  @Test
  void theDefaultsAreTheFiveOfTheReferenceSuite() {
    assertThat(Archetype.DEFAULTS).containsExactly("balanced", "uniform", "zipf1", "zipf2", "hot16");
    Archetype.DEFAULTS.forEach(Archetype::parse);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zipf", "zipf3", "hot", "random", ""})
  void unknownNamesListTheAllowedValues(String text) {
    assertThatThrownBy(() -> Archetype.parse(text)).isInstanceOf(InputException.class)
        .hasMessage("unknown archetype '" + text + "': allowed values are " + Archetype.ALLOWED);
  }

  @Test
  void badParametersNameTheArchetypeAndTheRule() {
    assertThatThrownBy(() -> Archetype.parse("zipf:-1")).isInstanceOf(InputException.class)
        .hasMessage("archetype 'zipf:-1': the zipf exponent must be between 0 and 64");
    assertThatThrownBy(() -> Archetype.parse("zipf:abc")).isInstanceOf(InputException.class)
        .hasMessageStartingWith("archetype 'zipf:abc': 'abc' is not a number; allowed values are ");
    assertThatThrownBy(() -> Archetype.parse("zipf:NaN")).isInstanceOf(InputException.class)
        .hasMessageContaining("is not a number");
    assertThatThrownBy(() -> Archetype.parse("hot:0")).isInstanceOf(InputException.class)
        .hasMessage("archetype 'hot:0': the number of hot experts must be a whole number >= 1");
    assertThatThrownBy(() -> Archetype.parse("hot:2.5")).isInstanceOf(InputException.class)
        .hasMessageContaining("whole number");
  }

  @Test
  void popularityIsNormalisedByRank() {
    double[] zipf1 = Archetype.parse("zipf1").popularity(256);
    assertThat(Arrays.stream(zipf1).sum()).isCloseTo(1.0, within(1e-12));
    assertThat(zipf1[0] / zipf1[9]).isCloseTo(10.0, within(1e-12));
    double[] zipf2 = Archetype.parse("zipf2").popularity(256);
    assertThat(zipf2[0] / zipf2[9]).isCloseTo(100.0, within(1e-10));
    double[] uniform = Archetype.parse("uniform").popularity(8);
    assertThat(uniform).containsOnly(0.125);
    double[] hot = Archetype.parse("hot16").popularity(256);
    assertThat(Arrays.stream(hot, 0, 16)).allMatch(p -> Math.abs(p - 1 / (16 + 240e-6)) < 1e-15);
    assertThat(Arrays.stream(hot, 16, 256)).allMatch(p -> Math.abs(p / hot[0] - 1e-6) < 1e-15);
    assertThat(Archetype.parse("hot:300").popularity(256)).containsOnly(1 / 256.0);
    assertThat(Archetype.parse("balanced").popularity(256)).isNull();
  }
}
