/** The console's stylesheet: plain CSS, sized for a 1366×768 office screen, no framework. */
export const consoleStyle = `
:root {
  --ink: #1f2933; --muted: #616e7c; --line: #d9dee4; --bg: #f4f6f8; --panel: #fff;
  --brand: #b3261e; --accent: #1d4ed8; --good: #15803d; --bad: #b91c1c; --diff: #fff4d6; --focus: #e0ebff;
}
* { box-sizing: border-box; }
html { font-size: 14px; }
body {
  margin: 0; color: var(--ink); background: var(--bg); line-height: 1.5;
  font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
}
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
header.top {
  display: flex; align-items: center; gap: 20px; height: 44px; padding: 0 16px;
  background: #22303c; color: #fff;
}
header.top .brand { font-weight: 700; font-size: 16px; color: #fff; letter-spacing: 1px; }
header.top .brand b { color: #ffb4ab; }
header.top nav a { color: #d6e0ea; margin-right: 14px; }
header.top nav a.here { color: #fff; font-weight: 700; border-bottom: 2px solid #ffb4ab; padding-bottom: 2px; }
header.top .who { margin-left: auto; color: #b8c4cf; display: flex; gap: 10px; align-items: center; }
header.top .who button { background: none; border: 1px solid #6b7c8c; color: #d6e0ea; border-radius: 3px; padding: 1px 8px; cursor: pointer; }
main { padding: 12px 16px 40px; max-width: 1366px; margin: 0 auto; }
h1 { font-size: 18px; margin: 4px 0 10px; }
h2 { font-size: 15px; margin: 0 0 8px; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 4px; padding: 10px 12px; margin-bottom: 12px; }
.muted { color: var(--muted); }
.mono { font-family: "SFMono-Regular", Consolas, "Liberation Mono", monospace; font-size: 12px; }
.notice { background: #e8f5e9; border: 1px solid #a5d6a7; padding: 6px 10px; border-radius: 4px; margin-bottom: 10px; }
.notice.error { background: #fdecea; border-color: #f5c2c0; }
.tag { display: inline-block; padding: 0 6px; border-radius: 3px; background: #eef2f6; color: #334e68; font-size: 12px; margin-right: 4px; white-space: nowrap; }
.tag.person { background: #e0f2fe; color: #075985; }
.tag.dispute { background: #fef3c7; color: #92400e; }
.tag.warn { background: #fdecea; color: var(--bad); }
form.filters { display: flex; gap: 10px; align-items: end; flex-wrap: wrap; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
input, select, textarea, button { font: inherit; }
input, select, textarea { border: 1px solid #b8c2cc; border-radius: 3px; padding: 3px 6px; background: #fff; }
input:focus, select:focus, textarea:focus { outline: 2px solid var(--accent); outline-offset: 0; }
button.primary, a.button { background: var(--accent); color: #fff; border: 0; border-radius: 3px; padding: 4px 14px; cursor: pointer; display: inline-block; }
button.same { background: var(--good); color: #fff; border: 0; border-radius: 3px; padding: 6px 18px; cursor: pointer; font-weight: 700; }
button.different { background: var(--bad); color: #fff; border: 0; border-radius: 3px; padding: 6px 18px; cursor: pointer; font-weight: 700; }
button.plain { background: #fff; border: 1px solid #b8c2cc; border-radius: 3px; padding: 4px 12px; cursor: pointer; }
kbd { font-family: inherit; font-size: 11px; border: 1px solid #b8c2cc; border-bottom-width: 2px; border-radius: 3px; padding: 0 4px; background: #fff; color: var(--ink); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f0f3f6; font-weight: 600; color: #3e4c59; white-space: nowrap; }
table.queue td { white-space: nowrap; }
table.queue td.names { white-space: normal; }
table.queue tr.selected td { background: var(--focus); }
table.queue tr:hover td { background: #f7f9fb; }
table.queue tr.selected:hover td { background: var(--focus); }
.score { display: inline-flex; align-items: center; gap: 6px; }
.scorebar { position: relative; width: 90px; height: 8px; background: #e5e9ee; border-radius: 4px; }
.scorebar i { position: absolute; left: 0; top: 0; bottom: 0; background: #f59e0b; border-radius: 4px; }
.pager { display: flex; gap: 12px; align-items: center; margin-top: 10px; }
.pair-head { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; }
.pair-grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; }
.two-col { display: grid; grid-template-columns: minmax(0, 1.15fr) minmax(0, 1fr); gap: 12px; }
table.compare th.field { width: 110px; }
table.compare td { width: 45%; word-break: break-all; }
table.compare tr.diff td { background: var(--diff); }
table.compare tr.diff th { background: #fde9b3; }
.decide { position: sticky; bottom: 0; display: flex; gap: 10px; align-items: center; background: #fff; border: 1px solid var(--line); border-radius: 4px; padding: 8px 12px; box-shadow: 0 -2px 6px rgba(0,0,0,.06); z-index: 2; }
.decide textarea { flex: 1; height: 34px; resize: vertical; }
.waterfall svg { width: 100%; height: auto; display: block; }
.waterfall text { font-size: 11px; fill: var(--ink); font-family: inherit; }
pre.raw { background: #f7f9fb; border: 1px solid var(--line); padding: 6px 8px; max-height: 220px; overflow: auto; font-size: 12px; margin: 4px 0 8px; white-space: pre-wrap; word-break: break-all; }
details > summary { cursor: pointer; }
.record { border-top: 1px dashed var(--line); padding-top: 4px; margin-top: 4px; }
.timeline { list-style: none; margin: 0; padding: 0 0 0 12px; border-left: 2px solid var(--line); }
.timeline li { position: relative; padding: 2px 0 6px 8px; }
.timeline li::before { content: ""; position: absolute; left: -19px; top: 8px; width: 10px; height: 10px; border-radius: 50%; background: #94a3b8; }
.timeline li.supervise::before { background: var(--bad); }
dl.facts { display: grid; grid-template-columns: 100px 1fr; gap: 2px 10px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; word-break: break-all; }
.split-form select { padding: 1px 4px; }
.help { position: fixed; right: 16px; bottom: 16px; background: #22303c; color: #fff; padding: 10px 14px; border-radius: 6px; display: none; z-index: 10; }
.help.open { display: block; }
.help kbd { margin-right: 6px; }
.signin { max-width: 420px; margin: 80px auto; }
.signin input { width: 100%; margin: 6px 0 12px; padding: 6px 8px; }
footer.keys { color: var(--muted); font-size: 12px; margin-top: 14px; }
footer.keys kbd { margin: 0 2px 0 8px; }
`;
