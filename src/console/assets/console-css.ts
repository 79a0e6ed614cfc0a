/**
 * The console's one stylesheet, embedded so `tsc` ships it with the code (no copy step, no CDN).
 * Light and dark follow the reader's system setting; focus is always visible.
 */
export const CONSOLE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #5b6470; --line: #d5dae0; --panel: #f5f7f9;
  --accent: #0b5cad; --ok: #1a7f37; --bad: #c62828; --warn: #8a5a00;
  --ok-bg: #e6f4ea; --bad-bg: #fdecea; --mark: #ffd54f; --focus: #ff9800;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111418; --fg: #e6e9ed; --muted: #9aa4b1; --line: #2e353d; --panel: #1a1f25;
    --accent: #6cb6ff; --ok: #57c278; --bad: #ff7b72; --warn: #e3b341;
    --ok-bg: #12301c; --bad-bg: #3a1618; --mark: #7a5d00; --focus: #ffb74d;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: var(--bg); padding: 4px 8px; }
header.top { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1.2rem; border-bottom: 1px solid var(--line); background: var(--panel); flex-wrap: wrap; }
header.top .brand { font-weight: 700; }
header.top nav a { margin-right: 1rem; text-decoration: none; }
header.top nav a[aria-current="page"] { font-weight: 700; text-decoration: underline; }
header.top .who { margin-left: auto; color: var(--muted); font-size: .9em; display: flex; gap: .6rem; align-items: center; }
main { padding: 1rem 1.2rem 3rem; max-width: 1200px; }
h1 { font-size: 1.4rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td { overflow-wrap: anywhere; }
th { font-size: .85em; color: var(--muted); font-weight: 600; }
tr.denied td:first-child { border-left: 4px solid var(--bad); }
tr.allowed td:first-child { border-left: 4px solid var(--ok); }
tr.fresh { animation: fresh 2s ease-out; }
@keyframes fresh { from { background: var(--mark); } to { background: transparent; } }
@media (prefers-reduced-motion: reduce) { tr.fresh { animation: none; } }
.verdict { font-weight: 700; white-space: nowrap; }
td time { white-space: nowrap; }
.verdict.allowed, .ok { color: var(--ok); }
.verdict.denied, .bad { color: var(--bad); }
.warn { color: var(--warn); }
.muted { color: var(--muted); }
code, pre, .mono { font-family: var(--mono); font-size: .9em; }
pre { background: var(--panel); border: 1px solid var(--line); padding: .6rem; white-space: pre-wrap; overflow-wrap: anywhere; }
mark { background: var(--mark); color: inherit; padding: 0 1px; }
form.filters { display: flex; gap: .8rem; flex-wrap: wrap; align-items: end; margin-bottom: 1rem; }
form.filters label, form.stack label { display: flex; flex-direction: column; font-size: .85em; gap: .2rem; }
form.stack { display: grid; gap: .7rem; max-width: 34rem; }
form.stack fieldset { display: grid; gap: .6rem; border: 1px solid var(--line); padding: .8rem; }
label.inline { flex-direction: row !important; align-items: center; gap: .4rem !important; }
input, select, textarea, button { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: .3rem .5rem; }
textarea { font-family: var(--mono); font-size: .85em; }
button, .button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary { background: transparent; color: var(--accent); }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; margin: .8rem 0; }
.notice { border-left: 4px solid var(--warn); }
.error { border-left: 4px solid var(--bad); }
ol.steps { list-style: none; padding: 0; }
ol.steps li { padding: .15rem 0; }
.step-name { display: inline-block; min-width: 12rem; font-weight: 600; }
.statement { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .8rem; margin: .5rem 0; }
.condition td:nth-child(1) { width: 2rem; }
.hint { border-left: 4px solid var(--warn); padding-left: .6rem; margin: .4rem 0; }
.policy-lines { counter-reset: line; padding: 0; margin: 0; list-style: none; }
.policy-lines li { white-space: pre; font-family: var(--mono); font-size: .85em; padding: 0 .5rem; }
.policy-lines li.flagged { background: var(--bad-bg); }
.policy-lines .finding { white-space: normal; font-family: inherit; font-size: .85em; color: var(--warn); padding: .15rem 0 .3rem 2rem; }
.chart text { fill: var(--fg); font-size: 11px; }
.chart .bar-allowed { fill: var(--ok); }
.chart .bar-denied { fill: var(--bad); }
.chart .axis { stroke: var(--line); }
.signin { max-width: 26rem; margin: 3rem auto; }
.grid2 { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1.2rem; }
@media (max-width: 800px) { .grid2 { grid-template-columns: 1fr; } }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
`;
