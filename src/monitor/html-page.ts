// The timeline page's style and script, embedded in every HTML trace: one self-contained file
// that makes no network request. The script reads the data from #trace-data and draws one lane
// per task (a label and a canvas): steps as solid bars (red when slow), waits as thin grey bars,
// cancellation requests as orange ticks. Wheel or +/- zoom, drag pans, hover shows labels.

export const STYLE = `
body{margin:0;overflow-x:hidden;font:13px system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;background:#fafafa}
header{padding:8px 12px;border-bottom:1px solid #ddd;background:#fff;position:sticky;top:0;z-index:2}
header h1{font-size:15px;margin:0 0 4px}
header .stats{color:#555}
header button{margin-right:4px}
#axis{height:18px;margin:0 40px 0 200px;position:relative;font-size:11px;color:#666}
#axis span{position:absolute;top:2px;transform:translateX(-50%);white-space:nowrap}
.lane{display:flex;align-items:center;height:22px;border-bottom:1px solid #eee;margin-right:40px}
.lane .label{width:192px;padding:0 4px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
.lane .loopname{color:#888}
.lane canvas{flex:1;height:18px;cursor:crosshair}
#tip{position:fixed;pointer-events:none;background:#222;color:#fff;padding:3px 6px;border-radius:3px;font-size:12px;display:none;z-index:3;white-space:pre}
#lints{margin:6px 12px;padding-left:18px;color:#b00}
#lints:empty{display:none}
.legend i{display:inline-block;width:14px;height:8px;margin:0 3px 0 10px}
`;

export const SCRIPT = `
"use strict";
const data = JSON.parse(document.getElementById("trace-data").textContent);
const lanesEl = document.getElementById("lanes");
const tip = document.getElementById("tip");
const axis = document.getElementById("axis");
let view = { from: 0, to: Math.max(data.span, 0.001) };
for (const text of data.lints) {
  const item = document.createElement("li");
  item.textContent = text;
  document.getElementById("lints").append(item);
}
const canvases = [];
for (const lane of data.lanes) {
  const row = document.createElement("div");
  row.className = "lane";
  row.dataset.loop = String(lane.loop);
  row.dataset.task = String(lane.task);
  const label = document.createElement("div");
  label.className = "label";
  label.title = lane.name + " (" + lane.steps + " steps, " + lane.busy.toFixed(3) + " ms)";
  label.textContent = (data.loops > 1 ? "loop " + lane.loop + " · " : "") + lane.name;
  const canvas = document.createElement("canvas");
  row.append(label, canvas);
  lanesEl.append(row);
  canvases.push({ canvas, lane });
}
function x(ms, width) { return ((ms - view.from) / (view.to - view.from)) * width; }
function first(arr, stride, ms) {
  let lo = 0, hi = arr.length / stride;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (arr[mid * stride] < ms) lo = mid + 1; else hi = mid; }
  return lo;
}
function draw() {
  for (const { canvas, lane } of canvases) {
    const width = canvas.clientWidth, height = canvas.clientHeight, ratio = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, width * ratio); canvas.height = Math.max(1, height * ratio);
    const g = canvas.getContext("2d");
    g.scale(ratio, ratio);
    g.clearRect(0, 0, width, height);
    g.fillStyle = "#ccc";
    for (let i = 0; i < lane.waits.length; i += 3) {
      const a = x(lane.waits[i], width), b = x(lane.waits[i + 1], width);
      if (b < 0 || a > width) continue;
      g.fillRect(a, height / 2 - 2, Math.max(1, b - a), 4);
    }
    const start = Math.max(0, first(lane.steps, 3, view.from) - 1);
    for (let i = start * 3; i < lane.steps.length; i += 3) {
      const a = x(lane.steps[i], width);
      if (a > width) break;
      const w = (lane.steps[i + 1] / (view.to - view.from)) * width;
      g.fillStyle = lane.steps[i + 2] ? "#d33" : "#2b6cb0";
      g.fillRect(a, 2, Math.max(1, w), height - 4);
    }
    g.fillStyle = "#e8890c";
    for (const at of lane.cancels) { const a = x(at, width); g.fillRect(a - 1, 0, 2, height); }
  }
  axis.textContent = "";
  const width = axis.clientWidth;
  for (let k = 0; k <= 5; k++) {
    const ms = view.from + ((view.to - view.from) * k) / 5;
    const tick = document.createElement("span");
    tick.style.left = (width * k) / 5 + "px";
    tick.textContent = ms.toFixed(ms < 10 ? 3 : 1) + " ms";
    axis.append(tick);
  }
}
function zoom(factor, at) {
  const span = (view.to - view.from) * factor;
  const center = at === undefined ? (view.from + view.to) / 2 : at;
  const left = (center - view.from) / (view.to - view.from);
  view = { from: center - span * left, to: center - span * left + span };
  draw();
}
function msAt(canvas, clientX) {
  const r = canvas.getBoundingClientRect();
  return view.from + ((clientX - r.left) / r.width) * (view.to - view.from);
}
let drag = null;
for (const { canvas, lane } of canvases) {
  canvas.addEventListener("wheel", (ev) => { ev.preventDefault(); zoom(ev.deltaY > 0 ? 1.25 : 0.8, msAt(canvas, ev.clientX)); }, { passive: false });
  canvas.addEventListener("mousedown", (ev) => { drag = { x: ev.clientX, view, width: canvas.clientWidth }; });
  canvas.addEventListener("mousemove", (ev) => {
    const ms = msAt(canvas, ev.clientX), slop = ((view.to - view.from) / canvas.clientWidth) * 3;
    let text = null;
    const i = Math.max(0, first(lane.steps, 3, ms + slop) - 1);
    if (i * 3 < lane.steps.length && lane.steps[i * 3] - slop <= ms && ms <= lane.steps[i * 3] + lane.steps[i * 3 + 1] + slop) {
      text = lane.name + ": step " + lane.steps[i * 3 + 1].toFixed(3) + " ms at " + lane.steps[i * 3].toFixed(3) + " ms" + (lane.steps[i * 3 + 2] ? " (slow)" : "");
    } else {
      for (let k = 0; k < lane.waits.length; k += 3) {
        if (lane.waits[k] <= ms && ms <= lane.waits[k + 1]) { text = lane.name + " waits on " + data.labels[lane.waits[k + 2]] + " for " + (lane.waits[k + 1] - lane.waits[k]).toFixed(3) + " ms"; break; }
      }
    }
    tip.style.display = text ? "block" : "none";
    if (text) { tip.textContent = text; tip.style.left = ev.clientX + 12 + "px"; tip.style.top = ev.clientY + 12 + "px"; }
  });
  canvas.addEventListener("mouseleave", () => { tip.style.display = "none"; });
}
window.addEventListener("mousemove", (ev) => {
  if (!drag) return;
  const shift = ((ev.clientX - drag.x) / drag.width) * (drag.view.to - drag.view.from);
  view = { from: drag.view.from - shift, to: drag.view.to - shift };
  draw();
});
window.addEventListener("mouseup", () => { drag = null; });
document.getElementById("zoom-in").onclick = () => zoom(0.5);
document.getElementById("zoom-out").onclick = () => zoom(2);
document.getElementById("zoom-reset").onclick = () => { view = { from: 0, to: Math.max(data.span, 0.001) }; draw(); };
window.addEventListener("keydown", (ev) => { if (ev.key === "+") zoom(0.5); if (ev.key === "-") zoom(2); });
window.addEventListener("resize", draw);
draw();
`;
