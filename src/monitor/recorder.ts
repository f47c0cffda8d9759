import { performance } from "node:perf_hooks";
import type { Loop, WaitTarget } from "../core/index.js";
import { onEveryLoop, WeakLoops } from "./attach.js";
import { InternTable } from "./intern.js";
import { addJobSink, type JobSink } from "./pool-jobs.js";
import { CANCEL, DONE, EventRing, IDLE, JOB, SPAWN, STEP, WAKE } from "./ring.js";
import { givenOrRunning, taskLintsOf } from "./snapshot.js";
import { Trace } from "./trace.js";
import type { TraceLint } from "./trace-data.js";
import { type StepEnd, type StepSink, type TaskRecord, watcherOf } from "./watcher.js";

/**
 * Options of {@link record}.
 * @example
 * const recording = record({ capacity: 100_000, sites: true });
 */
export interface RecordOptions {
  /** Events kept: the newest `capacity` survive (27 bytes each, allocated once). Default 262144. */
  readonly capacity?: number;
  /** The loop to record; by default the running one, or every loop created from now on. */
  readonly loop?: Loop;
  /** Capture creation sites (a short stack per new task). Default false: it costs. */
  readonly sites?: boolean;
  /** Most distinct strings (names, wait labels) kept; later new ones show as "?". Default 4096. */
  readonly maxStrings?: number;
}

const DEFAULT_CAPACITY = 1 << 18;
const MAX_LOOP = 65535;
const MAX_CAPACITY = 1 << 26;
const DEFAULT_MAX_STRINGS = 4096;
/** Characters the string table may hold in all (with maxStrings: a bound in bytes). */
const CHARS_PER_STRING = 128;

/**
 * A flight recording in progress (from {@link record}): `stop()` ends it and returns the
 * {@link Trace}.
 * @example
 * const recording = record({ capacity: 50_000 });
 * // ... the program runs ...
 * const trace = recording.stop();
 */
export class Recording {
  readonly capacity: number;
  readonly #ring: EventRing;
  readonly #strings: InternTable;
  /** Loops recorded (weakly), their numbers and sinks; `#slow[n]`: loop n's slowCallbackDuration. */
  readonly #loops = new WeakLoops();
  readonly #sinks = new WeakMap<Loop, LoopSink>();
  #loopCount = 0;
  readonly #slow: number[] = [0];
  readonly #detach: (() => void)[] = [];
  readonly #sites: boolean;
  readonly #started = performance.now();
  readonly #startedWall = Date.now();
  #trace: Trace | null = null;

  /** @internal Use {@link record}. */
  constructor(capacity: number, maxStrings: number, sites: boolean) {
    this.capacity = capacity;
    this.#ring = new EventRing(capacity);
    this.#strings = new InternTable(maxStrings, maxStrings * CHARS_PER_STRING);
    this.#sites = sites;
  }

  /** Events recorded so far (the ring keeps the newest `capacity` of them). */
  get recorded(): number {
    return this.#ring.count;
  }

  /** Bytes of event memory: `capacity` × 27, fixed. */
  get bytes(): number {
    return this.#ring.bytes;
  }

  /** Distinct names and labels kept (at most `maxStrings`). */
  get strings(): number {
    return this.#strings.size;
  }

  /** Whether `stop()` was called. */
  get stopped(): boolean {
    return this.#trace !== null;
  }

  /** @internal Starts receiving `loop`'s events. */
  attach(loop: Loop): void {
    if (this.#trace !== null || this.#sinks.has(loop) || loop.isClosed()) return;
    // Loop numbers take 16 bits: after 65535 loops they start again at 1 (two loops can then
    // share a number only if both are in the ring's window, 65535 loops apart).
    const index = (this.#loopCount++ % MAX_LOOP) + 1;
    this.#slow[index] = loop.slowCallbackDuration;
    const sink = new LoopSink(this.#ring, this.#strings, index);
    this.#sinks.set(loop, sink);
    this.#loops.add(loop);
    const watcher = watcherOf(loop);
    if (this.#sites) watcher.acquire(true);
    watcher.addSink(sink);
  }

  /** @internal Where pool jobs go: each worker of each pool gets a lane of its own. */
  jobSink(): JobSink {
    const ring = this.#ring;
    const strings = this.#strings;
    const lanes = new Map<string, number>();
    return {
      job(pool, worker, start, end, ok) {
        const key = `${pool}\u0000${worker}`;
        let lane = lanes.get(key);
        if (lane === undefined) {
          lane = lanes.size + 1;
          lanes.set(key, lane);
        }
        ring.write(JOB, 0, lane, start, end - start, strings.id(pool), (worker << 1) | (ok ? 1 : 0)); // biome-ignore format: one call
      },
    };
  }

  /** @internal Calls `fn` when the recording stops. */
  onStop(fn: () => void): void {
    this.#detach.push(fn);
  }

  /** Ends the recording and returns its trace (the same trace if called again). */
  stop(): Trace {
    if (this.#trace !== null) return this.#trace;
    for (const detach of this.#detach) detach();
    const lints: Omit<TraceLint, "at">[] = [];
    for (const loop of this.#loops.alive()) {
      if (!loop.isClosed()) {
        const number = this.#sinks.get(loop)!.loop;
        for (const lint of taskLintsOf(loop)) {
          // Slow steps are in the events already; the trace finds them there.
          if (lint.kind !== "slow-step") lints.push({ ...lint, loop: number });
        }
      }
      const watcher = watcherOf(loop);
      watcher.removeSink(this.#sinks.get(loop)!);
      if (this.#sites) watcher.release(true);
    }
    this.#trace = new Trace({
      ring: this.#ring,
      strings: this.#strings.strings.slice(),
      droppedStrings: this.#strings.dropped,
      loops: Math.min(this.#loopCount, MAX_LOOP),
      slow: this.#slow.slice(),
      lints,
      started: this.#started,
      startedWall: this.#startedWall,
      stopped: performance.now(),
    });
    return this.#trace;
  }

  [Symbol.dispose](): void {
    this.stop();
  }
}

/**
 * Starts a flight recorder: every task step, wait, wake-up, spawn, cancellation and idle period
 * of the loop (or of every loop created from now on, when none runs) goes into a ring of
 * `capacity` events allocated once, so memory is fixed however long the program runs; the newest
 * events survive. `stop()` returns a {@link Trace}: `toChromeTrace()` for Perfetto and
 * `chrome://tracing`, `toHTML()` for a self-contained timeline.
 * @example
 * const recording = record({ capacity: 100_000 });
 * await run(main);
 * const trace = recording.stop();
 * await writeFile("run.json", JSON.stringify(trace.toChromeTrace()));
 */
export function record(options: RecordOptions = {}): Recording {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("record(options): options must be an object like { capacity: 100000 }");
  }
  const capacity = options.capacity ?? DEFAULT_CAPACITY;
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY) {
    throw new RangeError(
      `record({ capacity }): capacity is the number of events kept, a whole number from 1 to ${MAX_CAPACITY}; got ${String(capacity)}`,
    );
  }
  const maxStrings = options.maxStrings ?? DEFAULT_MAX_STRINGS;
  if (!Number.isInteger(maxStrings) || maxStrings < 1) {
    throw new RangeError(
      `record({ maxStrings }): maxStrings must be a whole number >= 1; got ${String(maxStrings)}`,
    );
  }
  const sites = options.sites ?? false;
  if (typeof sites !== "boolean") {
    throw new TypeError(`record({ sites }): sites must be true or false; got ${String(sites)}`);
  }
  // None given or running: record every loop created from now on.
  const loop = givenOrRunning(options.loop, "record()");
  const recording = new Recording(capacity, maxStrings, sites);
  recording.onStop(addJobSink(recording.jobSink()));
  if (loop !== null) recording.attach(loop);
  else recording.onStop(onEveryLoop((each) => recording.attach(each)));
  return recording;
}

/** Names of unnamed tasks, `Task-<n>`, are stored as -n: they need no string. */
const NUMBERED = /^Task-(\d{1,9})$/;

/** One loop's events into a recording's ring. */
class LoopSink implements StepSink {
  readonly #ring: EventRing;
  readonly #strings: InternTable;
  readonly #loop: number;

  constructor(ring: EventRing, strings: InternTable, loop: number) {
    this.#ring = ring;
    this.#strings = strings;
    this.#loop = loop;
  }

  /** The loop's number in the recording. */
  get loop(): number {
    return this.#loop;
  }

  /** The task's name code, cached on its record with the name it encodes (a rename is noticed). */
  #name(record: TaskRecord): number {
    const name = record.task.getName();
    if (record.codeTable === this.#strings && record.codeName === name) return record.code;
    const numbered = NUMBERED.exec(name);
    record.code = numbered !== null ? -Number(numbered[1]) : this.#strings.id(name);
    record.codeName = name;
    record.codeTable = this.#strings;
    return record.code;
  }

  spawn(child: TaskRecord, parent: TaskRecord | null, at: number): void {
    this.#ring.write(SPAWN, this.#loop, child.id, at, 0, parent?.id ?? 0, this.#name(child));
  }

  step(record: TaskRecord, start: number, end: number, how: StepEnd, on: WaitTarget | null): void {
    const label = on === null ? 0 : this.#strings.id(on.describe());
    this.#ring.write(
      STEP,
      this.#loop,
      record.id,
      start,
      end - start,
      this.#name(record),
      how | (label << 2),
    );
  }

  wake(record: TaskRecord, by: TaskRecord | null, at: number): void {
    this.#ring.write(WAKE, this.#loop, record.id, at, 0, by?.id ?? 0, 0);
  }

  cancel(record: TaskRecord, by: TaskRecord | null, at: number): void {
    this.#ring.write(CANCEL, this.#loop, record.id, at, 0, by?.id ?? 0, 0);
  }

  done(record: TaskRecord, at: number): void {
    this.#ring.write(DONE, this.#loop, record.id, at, 0, this.#name(record), 0);
  }

  idle(at: number, seconds: number): void {
    this.#ring.write(IDLE, this.#loop, 0, at, seconds * 1000, 0, 0);
  }
}
