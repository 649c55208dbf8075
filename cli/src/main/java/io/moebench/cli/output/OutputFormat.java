package io.moebench.cli.output;

/** How a command prints its rows; csv and json carry the same fields as the table. */
public enum OutputFormat {
  table,
  csv,
  json
}
