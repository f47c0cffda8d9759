import type { TraceData as Trace, TraceEvent } from "./trace-data.js";

/**
 * One Chrome trace event (the "Trace Event Format" Perfetto and `chrome://tracing` read): `ph`
 * is the phase — B/E a slice's begin and end on a thread, b/e an async slice (matched by `cat`
 * and `id`), s/f a flow arrow (matched by `cat` and `id`; `bp: "e"` binds the end to the slice
 * enclosing it), i an instant, M metadata (thread and process names). `ts` is in microseconds.
 * @example
 * const slices = trace.toChromeTrace().traceEvents.filter((e) => e.ph === "B");
 */
export interface ChromeEvent {
  name: string;
  ph: "B" | "E" | "b" | "e" | "s" | "f" | "i" | "M";
  ts: number;
  pid: number;
  tid: number;
  cat?: string;
  id?: number;
  bp?: "e";
  s?: "t";
  args?: Record<string, unknown>;
}

/**
 * A Chrome trace file's content (the JSON object form).
 * @example
 * await writeFile("run.json", JSON.stringify(trace.toChromeTrace()));
 */
export interface ChromeTrace {
  traceEvents: ChromeEvent[];
  displayTimeUnit: "ms";
  otherData: Record<string, string | number>;
}

/** The lane of the loop itself (idle periods) in each loop's process. */
const LOOP_LANE = 0;
/** The process of the pools' workers (loop numbers start at 1). */
const POOLS = 0;

/** µs, rounded to the nanosecond. */
const us = (ms: number) => Math.round(ms * 1e6) / 1e3;

/**
 * The conversion: one process per loop, one thread (lane) per task; a slice per step; an async
 * slice per wait (from the step that blocked to the wake-up, or the next step); flow arrows from
 * a spawning step to the child's first step and from a waking step to the woken task's next step;
 * instants for cancellation requests and slow steps; the loop's idle periods on lane 0.
 */
export function toChromeTrace(trace: Trace): ChromeTrace {
  const out: ChromeEvent[] = [];
  const key = (loop: number, task: number) => `${loop}:${task}`;
  // Each lane's steps as [start, end] in time order, to find enclosing and next slices.
  const steps = new Map<string, [number, number][]>();
  for (const e of trace.events) {
    if (e.kind !== "step") continue;
    const list = steps.get(key(e.loop, e.task)) ?? [];
    const start = us(e.at);
    // Never past the next step's start: durations are float32, and slices must not overlap.
    list.push([start, Math.max(start, us(e.at + e.duration))]);
    steps.set(key(e.loop, e.task), list);
  }
  for (const list of steps.values()) {
    for (let i = 0; i + 1 < list.length; i++) list[i]![1] = Math.min(list[i]![1], list[i + 1]![0]);
  }
  const enclosing = (loop: number, task: number, ts: number) => {
    const list = steps.get(key(loop, task)) ?? [];
    const step = list[firstFrom(list, ts) - 1] ?? null;
    const exact = list[firstFrom(list, ts)];
    if (exact !== undefined && exact[0] === ts) return exact;
    return step !== null && step[1] >= ts ? step : null;
  };
  const nextStep = (loop: number, task: number, ts: number) => {
    const list = steps.get(key(loop, task)) ?? [];
    return list[firstFrom(list, ts)] ?? null;
  };

  const loops = [...new Set(trace.events.map((e) => e.loop))].sort((a, b) => a - b);
  for (const loop of loops) {
    if (loop === POOLS) {
      out.push(meta("process_name", POOLS, LOOP_LANE, { name: "spindle pools" }));
      continue;
    }
    out.push(meta("process_name", loop, LOOP_LANE, { name: `spindle loop ${loop}` }));
    out.push(meta("thread_name", loop, LOOP_LANE, { name: "loop" }));
  }
  for (const lane of trace.lanes) {
    out.push(meta("thread_name", lane.loop, lane.task, { name: lane.name }));
    out.push(meta("thread_sort_index", lane.loop, lane.task, { sort_index: lane.task }));
  }

  let nextId = 1;
  const flow = (cat: string, from: TraceEvent, toLoop: number, toTask: number) => {
    const ts = us(from.at);
    const source = from.other;
    if (source === 0 || enclosing(from.loop, source, ts) === null) return;
    const target = nextStep(toLoop, toTask, ts);
    if (target === null) return;
    const id = nextId++;
    out.push({ name: cat, cat, ph: "s", id, ts, pid: from.loop, tid: source });
    out.push({ name: cat, cat, ph: "f", bp: "e", id, ts: target[0], pid: toLoop, tid: toTask });
  };
  const laneIndex = new Map<string, number>();
  const openWaits = new Map<string, { id: number; name: string; ts: number }>();
  const jobEnds = new Map<number, number>();
  const closeWait = (k: string, loop: number, task: number, ts: number) => {
    const wait = openWaits.get(k);
    if (wait === undefined) return;
    openWaits.delete(k);
    out.push({ name: wait.name, cat: "wait", ph: "e", id: wait.id, ts: Math.max(ts, wait.ts), pid: loop, tid: task }); // biome-ignore format: one event
  };

  for (const e of trace.events) {
    const k = key(e.loop, e.task);
    switch (e.kind) {
      case "step": {
        const i = laneIndex.get(k) ?? 0;
        laneIndex.set(k, i + 1);
        const [start, end] = steps.get(k)![i]!;
        closeWait(k, e.loop, e.task, start);
        out.push({ name: "step", cat: "task", ph: "B", ts: start, pid: e.loop, tid: e.task, args: { ended: e.label ? `blocked on ${e.label}` : e.ended } }); // biome-ignore format: one event
        out.push({ name: "step", cat: "task", ph: "E", ts: end, pid: e.loop, tid: e.task });
        if (e.ended === "blocked") {
          const id = nextId++;
          const name = e.label ?? "?";
          openWaits.set(k, { id, name, ts: end });
          out.push({ name, cat: "wait", ph: "b", id, ts: end, pid: e.loop, tid: e.task });
        }
        break;
      }
      case "wake":
        closeWait(k, e.loop, e.task, us(e.at));
        flow("wake", e, e.loop, e.task);
        break;
      case "spawn":
        flow("spawn", e, e.loop, e.task);
        break;
      case "cancel":
        out.push({ name: "cancel requested", cat: "task", ph: "i", s: "t", ts: us(e.at), pid: e.loop, tid: e.task, args: { by: e.other } }); // biome-ignore format: one event
        break;
      case "done":
        closeWait(k, e.loop, e.task, us(e.at));
        break;
      case "job": {
        // A worker's jobs follow each other; float32 durations must not make them overlap.
        const start = Math.max(us(e.at), jobEnds.get(e.task) ?? 0);
        const end = Math.max(start, us(e.at + e.duration));
        jobEnds.set(e.task, end);
        out.push({ name: "job", cat: "pool", ph: "B", ts: start, pid: POOLS, tid: e.task, args: { pool: e.label, ok: e.ended === "finished" } }); // biome-ignore format: one event
        out.push({ name: "job", cat: "pool", ph: "E", ts: end, pid: POOLS, tid: e.task });
        break;
      }
      case "idle":
        out.push({ name: "idle", cat: "loop", ph: "B", ts: us(e.at), pid: e.loop, tid: LOOP_LANE });
        out.push({ name: "idle", cat: "loop", ph: "E", ts: us(e.at + e.duration), pid: e.loop, tid: LOOP_LANE }); // biome-ignore format: one event
        break;
    }
  }
  const lanes = new Set(trace.lanes.map((l) => key(l.loop, l.task)));
  for (const lint of trace.lints) {
    const tid = lint.task !== null && lanes.has(key(lint.loop, lint.task)) ? lint.task : LOOP_LANE;
    out.push({ name: lint.kind, cat: "lint", ph: "i", s: "t", ts: us(lint.at), pid: lint.loop, tid, args: { message: lint.message } }); // biome-ignore format: one event
  }
  // Waits still open at the end: the task was still waiting when the recording stopped.
  const end = us(trace.span);
  for (const [k, wait] of [...openWaits]) {
    const [loop, task] = k.split(":").map(Number) as [number, number];
    closeWait(k, loop, task, Math.max(end, wait.ts));
  }
  return {
    traceEvents: out,
    displayTimeUnit: "ms",
    otherData: {
      producer: "spindle/monitor",
      recorded: trace.recorded,
      kept: trace.events.length,
      dropped: trace.dropped,
      capacity: trace.capacity,
      originWallMs: trace.originWall,
    },
  };
}

/** The index of the first step starting at or after `ts` (binary search: lanes hold many). */
function firstFrom(list: readonly [number, number][], ts: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]![0] < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function meta(name: string, pid: number, tid: number, args: Record<string, unknown>): ChromeEvent {
  return { name, ph: "M", ts: 0, pid, tid, args };
}
