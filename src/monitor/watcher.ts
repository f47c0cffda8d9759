import { performance } from "node:perf_hooks";
import type { Instrument, Loop, Task, WaitTarget } from "../core/index.js";
import { type Captured, captureSite } from "./site.js";

/** What the monitor keeps per task, in a WeakMap beside it (never on the Task). */
export interface TaskRecord {
  readonly task: Task<unknown>;
  /** The monitor's number for the task: creation order on its loop, from 1. */
  readonly id: number;
  /** The creation stack, when captured (see site.ts). */
  site: Captured | null;
  /** Loop time at creation (NaN: created before the monitor watched). */
  created: number;
  steps: number;
  /** Seconds of real time spent in the task's steps. */
  cpu: number;
  /** Loop time of the first cancellation request, or NaN. */
  cancelledAt: number;
  /** A recording's code for the task's name, the name it encodes and the table it is from. */
  code: number;
  codeName: string;
  codeTable: object | null;
}

/** How a step ended. */
export const YIELDED = 0;
export const BLOCKED = 1;
export const FINISHED = 2;
/** No end marker came (an async function's first step): it ended by the next clock read. */
export const UNMARKED = 3;
export type StepEnd = typeof YIELDED | typeof BLOCKED | typeof FINISHED | typeof UNMARKED;

/** What a recording receives from a watched loop; times are `performance.now()` milliseconds. */
export interface StepSink {
  spawn(child: TaskRecord, parent: TaskRecord | null, at: number): void;
  step(record: TaskRecord, start: number, end: number, how: StepEnd, on: WaitTarget | null): void;
  wake(record: TaskRecord, by: TaskRecord | null, at: number): void;
  cancel(record: TaskRecord, by: TaskRecord | null, at: number): void;
  /** A task finished outside any step of its own (cancelled before it ran, a promise's task). */
  done(record: TaskRecord, at: number): void;
  idle(at: number, seconds: number): void;
}

/** A step at least slowCallbackDuration long: the blocked-loop culprit. */
export interface SlowStep {
  readonly record: TaskRecord;
  readonly seconds: number;
  /** Loop time when it ended. */
  readonly at: number;
}

/** Slow steps remembered per loop (the newest). */
const SLOW_KEPT = 16;

/**
 * The monitor's instrument on one loop: numbers tasks, and while on, captures creation sites and
 * times every step for per-task steps and CPU time, slow steps, and recordings.
 *
 * A step is timed with two clock reads: at `beforeTaskStep`, and at the hook the task's own step
 * ends with (`taskBlocked`, `taskScheduled` for `yield;`, `taskDone`). The kernel's
 * `afterTaskStep` would cost two more reads per step (it times every entry itself), and ending a
 * step at the next one's start would charge the callbacks run in between to the task.
 */
export class Watcher {
  readonly loop: Loop;
  readonly #records = new WeakMap<Task<unknown>, TaskRecord>();
  #nextId = 1;
  /** Consumers that asked for creation sites (live views), and recordings: the hooks are on while either is non-zero. */
  #live = 0;
  #sites = 0;
  readonly sinks: StepSink[] = [];
  readonly slow: SlowStep[] = [];
  #instrument: Instrument | null = null;
  /** The step in progress and when it began. */
  #open: TaskRecord | null = null;
  #openAt = 0;

  constructor(loop: Loop) {
    this.loop = loop;
  }

  /** Whether per-task stats are being collected. */
  get on(): boolean {
    return this.#instrument !== null;
  }

  /** The task's record (numbered on first sight). */
  record(task: Task<unknown>): TaskRecord {
    let record = this.#records.get(task);
    if (record === undefined) {
      record = {
        task,
        id: this.#nextId++,
        site: null,
        created: Number.NaN,
        steps: 0,
        cpu: 0,
        cancelledAt: Number.NaN,
        code: 0,
        codeName: "",
        codeTable: null,
      };
      this.#records.set(task, record);
    }
    return record;
  }

  /** The record if the task was seen, else null. */
  peek(task: Task<unknown>): TaskRecord | null {
    return this.#records.get(task) ?? null;
  }

  /** A consumer starts (`sites`: it wants creation sites); `release` with the same flag ends it. */
  acquire(sites: boolean): void {
    this.#live++;
    if (sites) this.#sites++;
    this.#reinstall();
  }

  release(sites: boolean): void {
    this.#live--;
    if (sites) this.#sites--;
    this.#reinstall();
  }

  /** `acquire`, with the function that releases it (once). */
  use(sites: boolean): () => void {
    this.acquire(sites);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.release(sites);
    };
  }

  /** A recording starts receiving this loop's events (until `removeSink`). */
  addSink(sink: StepSink): void {
    this.sinks.push(sink);
    this.acquire(false);
  }

  removeSink(sink: StepSink): void {
    const i = this.sinks.indexOf(sink);
    if (i < 0) return;
    this.sinks.splice(i, 1);
    this.release(false);
  }

  /** Installs the hooks the consumers need (recordings need wake-ups and idle periods too). */
  #reinstall(): void {
    if (this.#instrument !== null) this.loop.removeInstrument(this.#instrument);
    this.#instrument = null;
    this.#open = null;
    if (this.#live === 0) return;
    this.#instrument = this.sinks.length > 0 ? this.#recordingHooks() : this.#liveHooks();
    this.loop.addInstrument(this.#instrument);
  }

  #liveHooks(): Instrument {
    return {
      taskCreated: (task, parent) => this.#created(task, parent),
      beforeTaskStep: (task) => this.#begin(task),
      taskScheduled: (task) => {
        if (this.#open !== null && this.#open.task === task) this.#end(YIELDED, null);
      },
      taskBlocked: (task, on) => {
        if (this.#open !== null && this.#open.task === task) this.#end(BLOCKED, on);
      },
      taskDone: (task) => this.#done(task),
      taskCancelled: (task) => this.#cancelled(task),
      passEnded: () => {
        if (this.#open !== null) this.#end(UNMARKED, null);
      },
    };
  }

  #recordingHooks(): Instrument {
    return {
      ...this.#liveHooks(),
      taskWoken: (task, by) => {
        const at = this.#open !== null ? this.#openAt : performance.now();
        const record = this.record(task);
        const waker = by === null ? null : this.record(by);
        for (const sink of this.sinks) sink.wake(record, waker, at);
      },
      idle: (seconds) => {
        const at = performance.now() - seconds * 1000;
        for (const sink of this.sinks) sink.idle(at, seconds);
      },
    };
  }

  #created(task: Task<unknown>, parent: Task<unknown> | null): void {
    const record = this.record(task);
    record.created = this.loop.time();
    if (this.#sites > 0) record.site = captureSite();
    if (this.sinks.length === 0) return;
    const at = this.#open !== null ? this.#openAt : performance.now();
    const from = parent === null ? null : this.record(parent);
    for (const sink of this.sinks) sink.spawn(record, from, at);
  }

  #begin(task: Task<unknown>): void {
    if (this.#open !== null) this.#end(UNMARKED, null);
    const record = this.record(task);
    record.steps++;
    this.#open = record;
    this.#openAt = performance.now();
  }

  #end(how: StepEnd, on: WaitTarget | null): void {
    const record = this.#open!;
    this.#open = null;
    const end = performance.now();
    const seconds = (end - this.#openAt) / 1000;
    record.cpu += seconds;
    if (seconds >= this.loop.slowCallbackDuration) this.#slowStep(record, seconds);
    for (const sink of this.sinks) sink.step(record, this.#openAt, end, how, on);
  }

  #done(task: Task<unknown>): void {
    if (this.#open !== null && this.#open.task === task) {
      this.#end(FINISHED, null);
      return;
    }
    if (this.sinks.length === 0) return;
    const record = this.record(task);
    const at = performance.now();
    for (const sink of this.sinks) sink.done(record, at);
  }

  #cancelled(task: Task<unknown>): void {
    const record = this.record(task);
    if (Number.isNaN(record.cancelledAt)) record.cancelledAt = this.loop.time();
    if (this.sinks.length === 0) return;
    const by = this.#open;
    const at = by !== null ? this.#openAt : performance.now();
    for (const sink of this.sinks) sink.cancel(record, by, at);
  }

  #slowStep(record: TaskRecord, seconds: number): void {
    if (this.slow.length === SLOW_KEPT) this.slow.shift();
    this.slow.push({ record, seconds, at: this.loop.time() });
  }
}

const watchers = new WeakMap<Loop, Watcher>();
/** The loops watched, newest last, weakly: a snapshot with no loop given falls back on them. */
const watchedLoops: WeakRef<Loop>[] = [];

/** The loop's watcher (made on first use; its hooks are off until a consumer starts). */
export function watcherOf(loop: Loop): Watcher {
  let watcher = watchers.get(loop);
  if (watcher === undefined) {
    watcher = new Watcher(loop);
    watchers.set(loop, watcher);
    for (let i = watchedLoops.length - 1; i >= 0; i--) {
      if (watchedLoops[i]!.deref() === undefined) watchedLoops.splice(i, 1);
    }
    watchedLoops.push(new WeakRef(loop));
  }
  return watcher;
}

/** The most recently watched loop that is not closed, or null. */
export function lastWatchedLoop(): Loop | null {
  for (let i = watchedLoops.length - 1; i >= 0; i--) {
    const loop = watchedLoops[i]!.deref();
    if (loop !== undefined && !loop.isClosed()) return loop;
  }
  return null;
}
