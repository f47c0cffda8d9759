import { receiveMessageOnPort } from "node:worker_threads";
import type { Future } from "./future.js";
import { isSettled } from "./future.js";
import type { PoolCore } from "./pool-core.js";
import { type Backend, PoolExecutor } from "./pool-executor.js";
import type { ThreadPoolOptions } from "./pool-types.js";
import type { PoolWorker, WorkerKind } from "./pool-worker.js";
import { SIGNAL_COMPLETIONS, SIGNAL_SLEEPERS } from "./slots.js";
import { defaultMaxWorkers, ThreadWorker } from "./thread-worker.js";

/**
 * A pool of worker threads running jobs (Python's `concurrent.futures.ThreadPoolExecutor`): real
 * parallelism on Node's worker_threads. Functions cross as source (self-contained) or as
 * `{ module, name }`; arguments and results are structured-cloned (SharedArrayBuffers and
 * spindle/threading primitives are shared; `submitWith({ transfer })` moves ArrayBuffers). Jobs
 * travel in batches and report their status in shared memory. A worker that crashes fails only
 * its job and is replaced. A running job that ignores `cancel()` for `cancelGrace` seconds has
 * its worker terminated. Idle workers never keep the process alive; `shutdown()` ends them.
 * @example
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 3 });
 * const future = pool.submit((s: string) => s.repeat(2), "hello");
 * console.log(future.done()); // false
 * console.log(await future);   // "hellohello"
 */
export class ThreadPoolExecutor extends PoolExecutor {
  constructor(options: ThreadPoolOptions = {}) {
    super(options, threadBackend(checkSpin(options?.spin)));
  }
}

/** Threads: shared status slots, a shared signal word for resultSync(), batches of 64. */
/** The longest spin allowed: beyond it a busy-wait only burns a core. */
const MAX_SPIN = 0.01;

function checkSpin(spin: unknown): number {
  if (spin === undefined) return 0;
  if (typeof spin !== "number" || !(spin >= 0) || spin > MAX_SPIN) {
    throw new RangeError(
      `ThreadPoolExecutor({ spin }): spin must be a number of seconds from 0 to ${MAX_SPIN}, got ${String(spin)}; try 50e-6`,
    );
  }
  return spin;
}

function threadBackend(spin: number): Backend {
  const signal = new SharedArrayBuffer(8);
  const chunks: SharedArrayBuffer[] = [];
  const spinner = spin > 0 ? new AnswerSpinner(spin) : null;
  const kind: WorkerKind = {
    noun: "thread",
    // Most jobs sent to one worker at a time (messages are batched; more would starve its peers).
    maxBatch: 64,
    refillAt: 32,
    sharedStatus: true,
    spawn: (name, events) => new ThreadWorker(name, signal, chunks, events, spin),
    ...(spinner === null
      ? {}
      : { afterPost: (w: PoolWorker) => spinner.expect(w as ThreadWorker) }),
    chunk(id, buffer, workers) {
      chunks[id] = buffer;
      for (const w of workers) (w as ThreadWorker).sendChunk(id, buffer);
    },
  };
  return {
    what: "ThreadPoolExecutor",
    kind,
    processes: false,
    defaultMaxWorkers: defaultMaxWorkers(),
    waitSync: (core) => (future, deadline) =>
      waitSync(core, new Int32Array(signal), future, deadline, spin),
  };
}

/**
 * resultSync(): sleeps on the signal word, reading every worker's answers with
 * receiveMessageOnPort (the event loop does not run meanwhile).
 */
function waitSync(
  core: PoolCore,
  signal: Int32Array,
  future: Future<unknown>,
  deadline: number,
  spin: number,
): void {
  let spinUntil = performance.now() + spin * 1000;
  Atomics.add(signal, SIGNAL_SLEEPERS, 1);
  try {
    while (!isSettled(future)) {
      const seen = Atomics.load(signal, SIGNAL_COMPLETIONS);
      let got = false;
      for (const w of core.workers.slice() as PoolWorker[]) {
        const port = (w as ThreadWorker).port;
        for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
          (w as ThreadWorker).receive(m.message);
          got = true;
          spinUntil = performance.now() + spin * 1000;
        }
      }
      core.dispatch();
      if (got || isSettled(future)) continue;
      const now = performance.now();
      const left = deadline - now;
      if (left <= 0) return;
      if (now < spinUntil) continue; // spin mode: look again before parking
      // Bounded naps: a worker that dies cannot notify, so look again now and then.
      Atomics.wait(signal, SIGNAL_COMPLETIONS, seen, Math.min(left, 100));
    }
  } finally {
    Atomics.sub(signal, SIGNAL_SLEEPERS, 1);
  }
}

/**
 * Spin mode's submitting side: after batches went out, polls the workers' answer ports for up to
 * `spin` seconds (once the current synchronous run ends, so every batch of a dispatch is out
 * first), delivering answers as they come, and stops once nothing is in flight. Never nested.
 */
class AnswerSpinner {
  readonly #ms: number;
  readonly #expecting = new Set<ThreadWorker>();
  #scheduled = false;

  constructor(spin: number) {
    this.#ms = spin * 1000;
  }

  expect(w: ThreadWorker): void {
    this.#expecting.add(w);
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => this.#spin());
  }

  #spin(): void {
    const end = performance.now() + this.#ms;
    try {
      while (this.#expecting.size > 0 && performance.now() < end) {
        for (const w of this.#expecting) {
          const m = w.gone ? undefined : receiveMessageOnPort(w.port);
          if (m !== undefined) w.receive(m.message);
          if (w.inFlight.size === 0 || w.gone) this.#expecting.delete(w);
        }
      }
    } finally {
      this.#expecting.clear();
      this.#scheduled = false;
    }
  }
}
