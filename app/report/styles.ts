/**
 * The report's inline stylesheet: system fonts only (nothing fetched), print-friendly, and
 * readable in the dark-mode mail clients that force a light page.
 */

/** CSS placed in a <style> element of the report. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink:#1f2328; --muted:#57606a; --line:#d0d7de; --soft:#f6f8fa; --accent:#0072B2; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; color:var(--ink); background:#fff; }
main { max-width:1200px; margin:0 auto; padding:24px 28px 48px; }
header.top { border-bottom:3px solid var(--accent); padding-bottom:12px; margin-bottom:20px; }
h1 { font-size:24px; margin:0 0 4px; } h2 { font-size:18px; margin:32px 0 10px; padding-bottom:4px; border-bottom:1px solid var(--line); }
h3 { font-size:15px; margin:18px 0 8px; color:var(--muted); font-weight:600; }
.sub { color:var(--muted); margin:0; }
dl.meta { display:grid; grid-template-columns:max-content 1fr; gap:2px 16px; margin:12px 0 0; font-size:13px; }
dl.meta dt { color:var(--muted); } dl.meta dd { margin:0; font-variant-numeric:tabular-nums; word-break:break-all; }
.callout { border:1px solid var(--line); border-left:4px solid #009E73; background:var(--soft); padding:10px 14px; border-radius:4px; margin:12px 0; }
.callout.none { border-left-color:#D55E00; }
.table-wrap { max-width:100%; overflow-x:auto; margin:6px 0 14px; }
table { border-collapse:collapse; font-size:13px; font-variant-numeric:tabular-nums; }
th, td { border-bottom:1px solid var(--line); padding:5px 10px; text-align:left; vertical-align:top; }
th { background:var(--soft); font-weight:600; } td.num { text-align:right; white-space:nowrap; }
th .unit { display:block; font-weight:400; color:var(--muted); font-size:12px; }
td.num .val, td.num .ci, td.num .verdict { display:block; }
td.num .ci { color:var(--muted); font-size:12px; }
td.num .verdict { font-size:12px; }
tr.best td { background:#e8f5ef; }
.ok { color:#00734f; font-weight:700; } .bad { color:#b34700; font-weight:700; }
.v-better { color:#00734f; font-weight:600; } .v-worse { color:#b34700; font-weight:600; } .v-indistinguishable { color:var(--muted); }
.charts { display:flex; flex-wrap:wrap; gap:18px; }
figure.fig { margin:0; padding:10px 12px 8px; border:1px solid var(--line); border-radius:6px; background:#fff; }
figure.fig figcaption { font-weight:600; margin-bottom:4px; }
svg.chart { display:block; max-width:100%; height:auto; font-family:inherit; }
svg.chart .gridline { stroke:#e6e8eb; stroke-width:1; } svg.chart .axis { stroke:#8c959f; stroke-width:1; }
svg.chart .tick { fill:#57606a; font-size:11px; } svg.chart .axis-label { fill:#1f2328; font-size:12px; }
svg.chart .note, svg.chart .point-label, svg.chart .value-label { fill:#1f2328; font-size:11px; }
svg.chart .point-label { paint-order:stroke; stroke:#fff; stroke-width:3px; stroke-linejoin:round; }
ul.legend { list-style:none; display:flex; flex-wrap:wrap; gap:4px 14px; margin:6px 0 0; padding:0; font-size:12px; }
ul.legend li { display:flex; align-items:center; gap:5px; }
details { margin:6px 0; } summary { cursor:pointer; color:var(--accent); }
a.download { display:inline-block; padding:6px 12px; border:1px solid var(--accent); border-radius:4px; color:var(--accent); text-decoration:none; font-weight:600; }
footer { margin-top:36px; color:var(--muted); font-size:12px; }
@media print { figure.fig { break-inside:avoid; } a.download { display:none; } .table-wrap { overflow:visible; } }
`;
