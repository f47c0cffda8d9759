import { type Instrument, type Runnable, Task, type WaitTarget } from "../core/index.js";
import type { Deviation } from "./policy.js";
import { HASH_START, hashText } from "./prng.js";
import type { StepListener } from "./scheduler.js";

/** Where a row goes: a task's column, or the loop's (callbacks that woke no one task). */
export type Column = Task<unknown> | "loop";

/** One step of a recorded run: who ran, and what it did, one line per event. @internal */
export interface Row {
  /** The step, from 1. */
  readonly step: number;
  column: Column;
  /** What it did; a Task stands for "it ended", told as it ended once the run is over. */
  readonly lines: (string | Task<unknown>)[];
  /** Whether the schedule departed from the default order at this step. */
  readonly deviation: boolean;
}

/**
 * Records a run as the interleaving table's rows (only when a failure is being reported or
 * replayed: exploration itself records nothing), and hashes them as they complete, so a replay
 * can tell where it stopped matching the recorded run. The hash covers task names, wait labels,
 * locks taken and released, outcomes and `shared()` values: what the table shows but step numbers.
 * @internal
 */
export class Recorder implements StepListener {
  /** Tasks in creation order: the table's columns. */
  readonly tasks: Task<unknown>[] = [];
  readonly rows: Row[] = [];
  #row: Row | null = null;
  #entry: Runnable | null = null;
  /** What the running task held when its step began. */
  #held: readonly WaitTarget[] = [];
  /** Tasks the current non-task entry woke, to place its row in their column. */
  #woke: Task<unknown>[] = [];
  #ended = false;
  #hash = HASH_START;
  /** `hashes[s]`: the hash of every row before step s (from 0). */
  readonly hashes: number[] = [];
  /** Called at each step with the hash of the run so far (the replay checker). */
  onStep: ((step: number, hashBefore: number) => void) | null = null;

  stepStarted(entry: Runnable, step: number, deviation: Deviation | null): void {
    this.#finishRow();
    this.hashes.push(this.#hash);
    this.onStep?.(step, this.#hash);
    this.#entry = entry;
    this.#ended = false;
    this.#woke = [];
    const isTask = entry instanceof Task;
    this.#held = isTask ? [...entry.holding()] : [];
    this.#row = {
      step: step + 1,
      column: isTask ? entry : "loop",
      lines: isTask ? [] : [describeEntry(entry)],
      deviation: deviation !== null,
    };
  }

  /** A line for the current step (a `shared()` read or write). */
  note(text: string): void {
    this.#row?.lines.push(text);
  }

  /** Ends the recording; the returned hash covers the whole run. */
  finish(): number {
    this.#finishRow();
    return this.#hash;
  }

  /** The hooks that fill the rows in. */
  readonly instrument: Instrument = {
    taskCreated: (task) => {
      this.tasks.push(task);
      this.note(`starts ${task.getName()}`);
    },
    taskBlocked: (task, on) => {
      if (task === this.#entry) {
        this.#noteHolds();
        this.#ended = true;
      }
      this.note(task === this.#entry ? `waits on ${on.describe()}` : `${task.getName()} waits`);
    },
    taskWoken: (task) => {
      if (this.#entry instanceof Task) this.note(`wakes ${task.getName()}`);
      else this.#woke.push(task);
    },
    taskCancelled: (task) => {
      this.note(task === this.#entry ? "is cancelled" : `cancels ${task.getName()}`);
    },
    taskDone: (task) => {
      // How it ended is read once the run is over: reading a failed task's exception now would
      // count as retrieving it, and the run would no longer report it as never retrieved.
      if (task === this.#entry) {
        this.#noteHolds();
        this.#ended = true;
      }
      this.#row?.lines.push(task);
    },
  };

  /** Locks the running task took or released during its step, before how the step ended. */
  #noteHolds(row = this.#row): void {
    const entry = this.#entry;
    if (!(entry instanceof Task) || this.#ended || row === null) return;
    const now = entry.holding();
    for (const target of this.#held) {
      if (!now.includes(target)) row.lines.push(`releases ${target.describe()}`);
    }
    for (const target of now) {
      if (!this.#held.includes(target)) row.lines.push(`takes ${target.describe()}`);
    }
    this.#held = [...now];
  }

  #finishRow(): void {
    const row = this.#row;
    if (row === null) return;
    this.#row = null;
    const entry = this.#entry;
    if (entry instanceof Task && !this.#ended) {
      this.#noteHolds(row);
      row.lines.push("yields");
    }
    if (!(entry instanceof Task)) {
      // A timer or callback that woke one task belongs in that task's column.
      if (this.#woke.length === 1) row.column = this.#woke[0]!;
      for (const task of this.#woke) row.lines.push(`wakes ${task.getName()}`);
    }
    this.rows.push(row);
    let h = hashText(this.#hash, row.column === "loop" ? "loop" : row.column.getName());
    for (const line of row.lines) h = hashText(h, typeof line === "string" ? line : line.getName());
    this.#hash = h;
  }
}

/** A non-task entry in words: a sleep's timer, a callback. */
function describeEntry(entry: Runnable): string {
  const describe = (entry as { describe?: () => string }).describe;
  if (typeof describe !== "function") return "callback";
  const text = describe.call(entry);
  return text.startsWith("sleep(") ? `${text} ends` : `callback ${text}`;
}

/**
 * A row's line as text, in `column`'s row: an ended task says how it ended ("returns", "throws
 * Error: …"). Call it only once the run is over (it retrieves the task's exception).
 * @internal
 */
export function lineText(line: string | Task<unknown>, column: Column): string {
  if (typeof line === "string") return line;
  const who = line === column ? "" : `${line.getName()} `;
  if (line.cancelled()) return `${who}ends cancelled`;
  const error = line.exception();
  return error === undefined ? `${who}returns` : `${who}throws ${summarize(error)}`;
}

/** An error as one short line: `Name: first line of the message`. @internal */
export function summarize(error: unknown): string {
  if (error instanceof Error) {
    const first = error.message.split("\n")[0] ?? "";
    return first === "" ? error.name : `${error.name}: ${first}`;
  }
  return String(error);
}
