import { writeFile } from "node:fs/promises";
import { extname } from "node:path";
import { type ChromeTrace, toChromeTrace } from "./chrome.js";
import { toHTML } from "./html.js";
import { CANCEL, DONE, type EventRing, IDLE, JOB, SPAWN, STEP, WAKE } from "./ring.js";
import type { TraceData, TraceEvent, TraceLane, TraceLint } from "./trace-data.js";

export type { TraceEvent, TraceLane, TraceLint };

/** What a recording hands its trace. @internal */
export interface TraceSource {
  readonly ring: EventRing;
  readonly strings: readonly string[];
  readonly droppedStrings: number;
  readonly loops: number;
  /** Each loop's slowCallbackDuration (seconds), by loop number. */
  readonly slow: readonly number[];
  readonly started: number;
  readonly startedWall: number;
  readonly stopped: number;
  /** Lints of the tasks still alive when the recording stopped (`at` is set by the trace). */
  readonly lints: readonly Omit<TraceLint, "at">[];
}

const KINDS = { [SPAWN]: "spawn", [STEP]: "step", [WAKE]: "wake", [CANCEL]: "cancel", [DONE]: "done", [IDLE]: "idle", [JOB]: "job" } as const; // biome-ignore format: a table
const ENDINGS = ["yielded", "blocked", "finished", "unmarked"] as const;

/**
 * A finished recording (from `Recording.stop()`): the events the ring held, oldest first, as
 * plain data, with `toChromeTrace()` (Chrome trace-event JSON for Perfetto and
 * `chrome://tracing`) and `toHTML()` (one self-contained timeline page, no network).
 * @example
 * const trace = recording.stop();
 * await trace.write("run.json"); // or "run.html"
 */
export class Trace implements TraceData {
  /** The events kept (the newest `capacity`), in time order. */
  readonly events: readonly TraceEvent[];
  readonly lanes: readonly TraceLane[];
  /** Events the program produced while recording, and how many the ring had to drop. */
  readonly recorded: number;
  readonly dropped: number;
  readonly capacity: number;
  /** Distinct names and labels not kept because the string table was full. */
  readonly droppedStrings: number;
  /** Loops recorded. */
  readonly loops: number;
  /** Each loop's slowCallbackDuration (seconds), by loop number: steps as long are lints. */
  readonly slowCallbackDuration: readonly number[];
  /** Wall-clock time (ms since the epoch) at the origin, and the span covered (ms). */
  readonly originWall: number;
  readonly span: number;
  /**
   * Lints: slow steps and cancellations that took over a second to finish (from the events), and
   * the lints of the tasks still alive when the recording stopped (wait-for cycles, …).
   */
  readonly lints: readonly TraceLint[];

  /** @internal Use `Recording.stop()`. */
  constructor(source: TraceSource) {
    const { ring } = source;
    const { first, held } = ring.window();
    const order: number[] = [];
    for (let k = 0; k < held; k++) order.push((first + k) % ring.capacity);
    // Written when they end (a step) or happen: sort by when they began.
    order.sort((x, y) => ring.t[x]! - ring.t[y]! || x - y);
    const origin = held > 0 && ring.count > ring.capacity ? ring.t[order[0]!]! : source.started;
    const names = new Map<string, string>();
    const name = (code: number) =>
      code < 0 ? `Task-${-code}` : code > 0 ? (source.strings[code] ?? "?") : null;
    const events: TraceEvent[] = [];
    for (const i of order) {
      const kind = KINDS[ring.kind[i] as keyof typeof KINDS];
      if (kind === "job") {
        const pool = source.strings[ring.a[i]!] ?? "?";
        const worker = ring.b[i]! >> 1;
        names.set(`0:${ring.task[i]}`, `pool '${pool}' worker ${worker}`);
        events.push({
          kind,
          loop: 0,
          task: ring.task[i]!,
          at: ring.t[i]! - origin,
          duration: ring.d[i]!,
          other: worker,
          ended: (ring.b[i]! & 1) === 1 ? "finished" : "failed",
          label: pool,
        });
        continue;
      }
      const step = kind === "step";
      const code = step || kind === "done" ? ring.a[i]! : kind === "spawn" ? ring.b[i]! : 0;
      const known = name(code);
      if (known !== null) names.set(`${ring.loop[i]}:${ring.task[i]}`, known);
      const label = step ? ring.b[i]! >> 2 : 0;
      events.push({
        kind,
        loop: ring.loop[i]!,
        task: ring.task[i]!,
        at: ring.t[i]! - origin,
        duration: ring.d[i]!,
        other: step || kind === "done" ? 0 : ring.a[i]!,
        ended: step ? ENDINGS[ring.b[i]! & 3]! : null,
        label: step && (ring.b[i]! & 3) === 1 ? (label > 0 ? source.strings[label]! : "?") : null,
      });
    }
    this.events = events;
    this.lanes = lanesOf(events, names);
    this.recorded = ring.count;
    this.dropped = ring.count - held;
    this.capacity = ring.capacity;
    this.droppedStrings = source.droppedStrings;
    this.loops = source.loops;
    this.slowCallbackDuration = source.slow;
    this.originWall = source.startedWall + (origin - source.started);
    this.span = Math.max(0, source.stopped - origin);
    this.lints = [
      ...eventLints(events, this.lanes, source.slow),
      ...source.lints.map((lint) => ({ ...lint, at: this.span })),
    ];
  }

  /** The trace as Chrome trace-event JSON (an object: `JSON.stringify` it), for Perfetto. */
  toChromeTrace(): ChromeTrace {
    return toChromeTrace(this);
  }

  /** The trace as one self-contained HTML page: swimlanes, zoom, hover for labels. */
  toHTML(): string {
    return toHTML(this);
  }

  /** Writes the trace to `path`: Chrome JSON for `.json`, the timeline page for `.html`. */
  async write(path: string): Promise<void> {
    await writeFile(path, this.#render(path));
  }

  /** @internal The file's text for `path` (by its extension); used by write() and at exit. */
  render(path: string): string {
    return this.#render(path);
  }

  #render(path: string): string {
    const ext = extname(path).toLowerCase();
    if (ext === ".json") return JSON.stringify(this.toChromeTrace());
    if (ext === ".html" || ext === ".htm") return this.toHTML();
    throw new RangeError(
      `trace.write("${path}"): the extension says the format: .json (Chrome trace, for Perfetto) or .html (a timeline page); got "${ext || "none"}"`,
    );
  }
}

function lanesOf(events: readonly TraceEvent[], names: Map<string, string>): TraceLane[] {
  const lanes = new Map<string, TraceLane>();
  const lane = (loop: number, task: number) => {
    const key = `${loop}:${task}`;
    let found = lanes.get(key);
    if (found === undefined) {
      found = { loop, task, name: names.get(key) ?? `Task #${task}`, parent: 0, steps: 0, busy: 0 };
      lanes.set(key, found);
    }
    return found;
  };
  for (const e of events) {
    if (e.kind === "idle") continue;
    const l = lane(e.loop, e.task);
    if (e.kind === "spawn") l.parent = e.other;
    if (e.kind === "step" || e.kind === "job") {
      l.steps++;
      l.busy += e.duration;
    }
  }
  return [...lanes.values()].sort((x, y) => x.loop - y.loop || x.task - y.task);
}

/** Cancellations slower than this (ms) to finish are lints, as in snapshots (1 loop second). */
const CANCEL_STUCK_MS = 1000;

/** The lints the events show: slow steps, and cancellations that took long to finish. */
function eventLints(
  events: readonly TraceEvent[],
  lanes: readonly TraceLane[],
  slow: readonly number[],
): TraceLint[] {
  const names = new Map(lanes.map((l) => [`${l.loop}:${l.task}`, l.name]));
  const name = (e: TraceEvent) => names.get(`${e.loop}:${e.task}`) ?? `Task #${e.task}`;
  const lints: TraceLint[] = [];
  const cancelled = new Map<string, TraceEvent>();
  for (const e of events) {
    const key = `${e.loop}:${e.task}`;
    const limit = (slow[e.loop] ?? 0.1) * 1000;
    if (e.kind === "step" && e.duration >= limit) {
      lints.push({
        kind: "slow-step",
        loop: e.loop,
        at: e.at,
        task: e.task,
        pool: null,
        message: `Task '${name(e)}' ran one step for ${(e.duration / 1000).toFixed(3)} s at ${e.at.toFixed(1)} ms: nothing else ran meanwhile`,
      });
    }
    if (e.kind === "cancel" && !cancelled.has(key)) cancelled.set(key, e);
    const finished = (e.kind === "step" && e.ended === "finished") || e.kind === "done";
    const asked = cancelled.get(key);
    if (finished && asked !== undefined) {
      cancelled.delete(key);
      const took = e.at + e.duration - asked.at;
      if (took >= CANCEL_STUCK_MS) {
        lints.push({
          kind: "cancel-stuck",
          loop: e.loop,
          at: asked.at,
          task: e.task,
          pool: null,
          message: `Task '${name(e)}' took ${(took / 1000).toFixed(1)} s to finish after it was cancelled (at ${asked.at.toFixed(1)} ms)`,
        });
      }
    }
  }
  return lints;
}
