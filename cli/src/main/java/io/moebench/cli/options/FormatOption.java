package io.moebench.cli.options;

import io.moebench.cli.output.OutputFormat;
import picocli.CommandLine.Option;

/** --format shared by every command that prints rows. */
public final class FormatOption {
  @Option(names = "--format", defaultValue = "table", paramLabel = "FMT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  OutputFormat format;

  public OutputFormat format() {
    return format;
  }
}
