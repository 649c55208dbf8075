package io.moebench.cli.report;

/**
 * The report's inline style sheet: one column of at most 1000 px that holds two half-width charts
 * side by side; system fonts only.
 */
final class ReportStyle {
  private ReportStyle() {}

  static final String CSS = """
      body { margin: 0; background: #f5f6f8; color: #1d2430;
        font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
      main { max-width: 1000px; box-sizing: border-box; margin: 0 auto; padding: 18px 16px 48px; }
      h1 { font-size: 24px; margin: 0 0 10px; }
      h2 { font-size: 18px; margin: 30px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d5dae2; }
      h3 { font-size: 15px; margin: 18px 0 6px; }
      .lead { margin: 4px 0 10px; color: #4a5568; }
      .summary { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 0;
        padding: 10px 14px; background: #fff; border: 1px solid #d5dae2; border-radius: 4px; }
      .summary dt { font-weight: 600; color: #4a5568; }
      .summary dd { margin: 0; overflow-wrap: anywhere; }
      .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 12px;
        align-items: start; }
      .charts img { display: block; max-width: 100%; height: auto; background: #fff; border: 1px solid #d5dae2;
        border-radius: 4px; }
      .note { margin: 8px 0; padding: 8px 12px; background: #fff8e1; border-left: 4px solid #e8a317; }
      table { width: 100%; border-collapse: collapse; background: #fff; font-size: 12.5px; }
      th, td { padding: 3px 5px; border-bottom: 1px solid #e4e7ec; text-align: left; vertical-align: top; }
      thead th { background: #e9edf2; position: sticky; top: 0; vertical-align: bottom; }
      th.num { text-align: right; }
      td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
      td.pos { color: #1e7b34; }
      td.neg { color: #b42318; }
      td.error { min-width: 10em; overflow-wrap: anywhere; }
      tr.failed td { background: #fde7e7; }
      tr.failed td.error { color: #9b1c1c; font-weight: 600; }
      .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; }
      table.kv > tbody > tr > th { width: 1%; white-space: nowrap; color: #4a5568; font-weight: 600; }
      table.kv table.kv { font-size: 12px; background: transparent; }
      table.kv table.kv th, table.kv table.kv td { padding: 1px 6px; border-bottom: 1px dotted #e4e7ec; }
      table.kv table.kv + table.kv { margin-top: 4px; border-top: 2px solid #d5dae2; }
      """;
}
