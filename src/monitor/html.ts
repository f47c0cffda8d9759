import { SCRIPT, STYLE } from "./html-page.js";
import type { TraceData as Trace } from "./trace-data.js";

/** A lane as the page draws it: flat number arrays, cheap to embed and to search. */
interface PageLane {
  loop: number;
  task: number;
  name: string;
  steps: number[]; // start ms, duration ms, slow (0/1), ...
  waits: number[]; // start ms, end ms, label index, ...
  cancels: number[];
  busy: number;
}

/** Milliseconds to 4 decimals (100 ns): keeps the embedded JSON small. */
const ms = (value: number) => Math.round(value * 1e4) / 1e4;

/**
 * The trace as one self-contained HTML page (style, script and data inline; no network request):
 * one lane per task with its steps and waits, zoom and pan, hover for labels.
 */
export function toHTML(trace: Trace): string {
  const labels: string[] = [];
  const labelIds = new Map<string, number>();
  const labelOf = (text: string) => {
    let id = labelIds.get(text);
    if (id === undefined) {
      id = labels.length;
      labels.push(text);
      labelIds.set(text, id);
    }
    return id;
  };
  const lanes = new Map<string, PageLane>();
  for (const lane of trace.lanes) {
    lanes.set(`${lane.loop}:${lane.task}`, {
      loop: lane.loop,
      task: lane.task,
      name: lane.name,
      steps: [],
      waits: [],
      cancels: [],
      busy: ms(lane.busy),
    });
  }
  const waiting = new Map<string, [number, number]>();
  const endWait = (key: string, lane: PageLane, at: number) => {
    const open = waiting.get(key);
    if (open === undefined) return;
    waiting.delete(key);
    lane.waits.push(ms(open[0]), ms(Math.max(at, open[0])), open[1]);
  };
  for (const e of trace.events) {
    const key = `${e.loop}:${e.task}`;
    const lane = lanes.get(key);
    if (lane === undefined) continue;
    if (e.kind === "job") lane.steps.push(ms(e.at), ms(e.duration), 0);
    else if (e.kind === "step") {
      endWait(key, lane, e.at);
      const slow = e.duration >= (trace.slowCallbackDuration[e.loop] ?? 0.1) * 1000 ? 1 : 0;
      lane.steps.push(ms(e.at), ms(e.duration), slow);
      if (e.ended === "blocked") waiting.set(key, [e.at + e.duration, labelOf(e.label ?? "?")]);
    } else if (e.kind === "wake" || e.kind === "done") endWait(key, lane, e.at);
    else if (e.kind === "cancel") lane.cancels.push(ms(e.at));
  }
  for (const [key, [start]] of waiting) endWait(key, lanes.get(key)!, Math.max(trace.span, start));
  const data = {
    span: ms(trace.span),
    loops: trace.loops,
    labels,
    lanes: [...lanes.values()],
    lints: trace.lints.map((l) => `${l.kind}: ${l.message}`),
  };
  const json = JSON.stringify(data).replaceAll("<", "\\u003c");
  const kept = trace.events.length;
  const stats = `${kept} events kept of ${trace.recorded} recorded (capacity ${trace.capacity}), ${trace.lanes.length} tasks, ${ms(trace.span)} ms`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>spindle timeline</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>spindle timeline</h1>
<div class="stats">${escapeHTML(stats)}</div>
<div><button id="zoom-in">zoom in (+)</button><button id="zoom-out">zoom out (-)</button><button id="zoom-reset">reset</button>
<span class="legend"><i style="background:#2b6cb0"></i>step<i style="background:#d33"></i>slow step<i style="background:#ccc"></i>waiting<i style="background:#e8890c"></i>cancel requested</span>
· wheel to zoom, drag to pan, hover for labels</div>
</header>
<ul id="lints"></ul>
<div id="axis"></div>
<main id="lanes"></main>
<div id="tip"></div>
<script type="application/json" id="trace-data">${json}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function escapeHTML(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!,
  );
}
