// What the queue contract (queue-contract.ts) and its stress run share: the shape of a queue
// under test, a reference model of its contents, a seeded PRNG and small task helpers.
import assert from "node:assert/strict";
import type { Awaitable, Coroutine, Loop, Task, Yieldable } from "../../../src/asyncio/index.js";

/** What the contract needs of a queue of numbers. */
export interface ContractQueue {
  readonly maxsize: number;
  put(item: number): Awaitable<void>;
  get(): Awaitable<number>;
  putNowait(item: number): void;
  getNowait(): number;
  qsize(): number;
  empty(): boolean;
  full(): boolean;
  taskDone(): void;
  join(): Awaitable<void>;
  shutdown(immediate?: boolean): void;
  statistics(): {
    size: number;
    maxsize: number;
    getters: number;
    putters: number;
    unfinished: number;
    shutdown: boolean;
  };
  describe(): string;
}

/** Makes a queue of the kind under test (`maxsize` unchecked: bad values must throw). */
export type MakeQueue = (maxsize?: unknown, options?: { name?: string }) => ContractQueue;

/** The order in which `items` (put in this order, nothing else in the queue) come out. */
export type OrderOf = (items: readonly number[]) => number[];

/** A reference model of the queue's contents: items in the order they went in. */
export class Model {
  readonly #orderOf: OrderOf;
  readonly present: number[] = [];
  constructor(orderOf: OrderOf) {
    this.#orderOf = orderOf;
  }
  put(item: number): void {
    this.present.push(item);
  }
  /** The item a get takes now. */
  take(): number {
    const next = this.#orderOf(this.present)[0];
    assert.notEqual(next, undefined, "the model is empty: the queue should have been too");
    this.present.splice(this.present.indexOf(next as number), 1);
    return next as number;
  }
}

/** A seeded PRNG (mulberry32): the same seed gives the same run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `body`; returns what it threw (asserting the class and, if given, the message). */
export function throwsSync(
  body: () => unknown,
  kind: Function,
  message?: string | RegExp,
): unknown {
  try {
    body();
  } catch (error) {
    assert.ok(error instanceof kind, `expected ${kind.name}, got ${String(error)}`);
    if (typeof message === "string") assert.equal((error as Error).message, message);
    else if (message) assert.match((error as Error).message, message);
    return error;
  }
  assert.fail(`expected ${kind.name} to be thrown`);
}

/** Waits on a task and returns the error it failed with (it must fail). */
export function* failure(task: Task<unknown>): Coroutine<unknown> {
  try {
    yield* task;
  } catch (error) {
    return error;
  }
  assert.fail(`${task.getName()} should have failed`);
}

/** A task named `name` that waits on what `body` returns (a coroutine or any awaitable). */
export function spawn<T>(
  loop: Loop,
  name: string,
  body: () => { [Symbol.iterator](): Iterator<Yieldable, T, unknown> },
): Task<T> {
  return loop.createTask(
    function* () {
      return yield* body();
    },
    { name },
  );
}

/** Lets every ready task run until all are parked again (virtual time does not move). */
export function* settle(): Coroutine<void> {
  for (let i = 0; i < 5; i++) yield;
}
