import { inspect } from "node:util";
import { currentTask, getRunningLoop, type Loop, type Task } from "../core/index.js";
import { type ActiveRun, current } from "./active.js";
import { type LostUpdate, LostUpdateError } from "./errors.js";

/**
 * A value shared between tasks, whose reads and writes are watched for lost updates: see
 * {@link shared}.
 * @example
 * const balance = shared(100, "balance");
 * balance.set(balance.get() - 30);
 */
export interface Shared<T> {
  /** The cell's name, as reports show it. */
  readonly name: string;
  /** Reads the value (recorded for the reading task). */
  get(): T;
  /** Writes a value; a write from a stale read is a lost update. */
  set(value: T): void;
}

/** Who touched the cell: a task, or null for a callback. */
type Actor = Task<unknown> | null;

/** A read, remembered until the same actor writes. */
interface Read {
  readonly version: number;
  readonly value: unknown;
  readonly at: number;
}

/** The latest write. */
interface Write {
  readonly actor: Actor;
  readonly value: unknown;
  readonly at: number;
}

/** How reads and writes are watched now: under explore, in a debug-mode loop, or not at all. */
type Watch = { run: ActiveRun; loop?: undefined } | { run?: undefined; loop: Loop } | null;

class Cell<T> implements Shared<T> {
  readonly name: string;
  #value: T;
  /** Writes so far: a read remembers the version it saw. */
  #version = 0;
  #lastWrite: Write | null = null;
  #reads: Map<Actor, Read> | null = null;
  /** The watch the records belong to: a cell made outside a scenario outlives its runs. */
  #owner: ActiveRun | Loop | null = null;

  constructor(value: T, name: string) {
    this.#value = value;
    this.name = name;
  }

  get(): T {
    const watch = this.#watch();
    if (watch !== null) {
      const at = watch.run ? watch.run.step() : passOf(watch.loop);
      this.#reads ??= new Map();
      this.#reads.set(currentTask(), { version: this.#version, value: this.#value, at });
      watch.run?.note(`read ${this.name} = ${show(this.#value)}`);
    }
    return this.#value;
  }

  set(value: T): void {
    const watch = this.#watch();
    if (watch !== null) {
      const actor = currentTask();
      const at = watch.run ? watch.run.step() : passOf(watch.loop);
      watch.run?.note(`write ${this.name} = ${show(value)}`);
      const read = this.#reads?.get(actor);
      const last = this.#lastWrite;
      if (read !== undefined && read.version !== this.#version && last !== null) {
        this.#lost(watch, {
          cell: this.name,
          task: nameOf(actor),
          read: read.value,
          readStep: read.at,
          other: nameOf(last.actor),
          otherWrote: last.value,
          otherStep: last.at,
          wrote: value,
          step: at,
        });
      }
      // A later write with no read in between is a blind write, not one from this read.
      this.#reads?.delete(actor);
      this.#lastWrite = { actor, value, at };
    }
    this.#version++;
    this.#value = value;
  }

  /** How accesses are watched now; records of another run or loop are forgotten. */
  #watch(): Watch {
    const watch = watching();
    if (watch === null) return null;
    const owner = watch.run ?? watch.loop;
    if (owner !== this.#owner) {
      this.#owner = owner;
      this.#reads = null;
      this.#lastWrite = null;
    }
    return watch;
  }

  #lost(watch: NonNullable<Watch>, u: LostUpdate): void {
    const when = watch.run ? "step" : "pass";
    const story = `lost update on shared '${u.cell}': ${u.task} read ${show(u.read)} (${when} ${u.readStep}), then ${u.other} wrote ${show(u.otherWrote)} (${when} ${u.otherStep}), then ${u.task} wrote ${show(u.wrote)} (${when} ${u.step}) from its stale read, erasing ${u.other}'s write; hold a Lock from the read to the write`;
    if (watch.run) watch.run.fail("lost-update", new LostUpdateError(story, u));
    else console.warn(`spindle debug: ${story}`);
  }
}

/**
 * A cell shared by tasks that reports lost updates: task A reads it, A suspends, B writes it,
 * then A writes a value computed from its stale read, and B's update is gone. Under `explore` a
 * lost update fails the run (a {@link LostUpdateError} naming both tasks, the values and the
 * steps, shown in the interleaving); in a plain `run()` with debug mode it is printed as a
 * `spindle debug:` warning (there, reads and writes of task steps are watched, not callbacks');
 * otherwise the cell is a plain value. Reads and writes are only recorded while one watches.
 * @example
 * function* withdraw(balance: Shared<number>) {
 *   const seen = balance.get();
 *   yield; // another task may write here
 *   balance.set(seen - 30); // lost update if one did
 * }
 * const balance = shared(100, "balance");
 */
export function shared<T>(value: T, name: string): Shared<T> {
  if (typeof name !== "string" || name === "") {
    throw new TypeError(
      `shared(value, name) needs a name for reports, e.g. shared(100, "balance"); got ${name === "" ? "an empty string" : typeof name}`,
    );
  }
  return new Cell(value, name);
}

/** Under explore (scenario code running), in a debug-mode loop, or not watching. */
function watching(): Watch {
  const run = current.run;
  if (run?.inPass) return { run };
  // Outside explore only task steps are watched: with a task running, a loop runs, and asking
  // for it cannot throw (getRunningLoop() throws, expensively, when none runs).
  if (currentTask() === null) return null;
  const loop = getRunningLoop();
  return loop.getDebug() ? { loop } : null;
}

/** The pass of the loop in progress, from 1 (plain runs count passes, not steps). */
function passOf(loop: Loop): number {
  return loop.statistics().passes + 1;
}

function nameOf(actor: Actor): string {
  return actor === null ? "a callback" : actor.getName();
}

/** A value for a one-line report. */
function show(value: unknown): string {
  const text =
    typeof value === "string"
      ? JSON.stringify(value)
      : inspect(value, { depth: 1, breakLength: Number.POSITIVE_INFINITY });
  return text.length <= 24 ? text : `${text.slice(0, 23)}…`;
}
