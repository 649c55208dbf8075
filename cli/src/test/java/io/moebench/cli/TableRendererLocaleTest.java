package io.moebench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.cli.output.OutputFormat;
import io.moebench.cli.output.ResultTable;
import io.moebench.cli.output.TableRenderer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CSV, JSON and tables read the same under every default Locale (decimal commas must not leak in). */
class TableRendererLocaleTest {

  @ParameterizedTest
  @ValueSource(strings = {"en-US", "de-DE", "fr-FR", "ar-EG", "hi-IN"})
  void outputIsLocaleIndependent(String tag) {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag(tag));
      ResultTable t = new ResultTable().column("name").column("T").column("pct", 1).column("err", 3);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", "zipf:1.5");
      row.put("T", 1024);
      row.put("pct", 63.20987654320987);
      row.put("err", 0.00012345);
      t.add(row);
      assertThat(TableRenderer.render(t, OutputFormat.csv)).isEqualTo("name,T,pct,err\nzipf:1.5,1024,63.20987654320987,1.2345E-4\n");
      assertThat(TableRenderer.render(t, OutputFormat.json).replaceAll("\\s", ""))
          .isEqualTo("[{\"name\":\"zipf:1.5\",\"T\":1024,\"pct\":63.20987654320987,\"err\":1.2345E-4}]");
      assertThat(TableRenderer.render(t, OutputFormat.table)).contains("63.2").contains("1.23e-04").doesNotContain("63,2");
    } finally {
      Locale.setDefault(before);
    }
  }
}
