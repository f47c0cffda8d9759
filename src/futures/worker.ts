// The entry of a ThreadPoolExecutor worker thread: receives job batches on the parent port and
// answers on a dedicated MessagePort (so the submitter can read answers synchronously with
// receiveMessageOnPort while it blocks in resultSync()).
import {
  type MessagePort,
  parentPort,
  receiveMessageOnPort,
  workerData,
} from "node:worker_threads";
import "../threading/index.js"; // registers the primitives' rebuilders for decodeArgs
import { isCancelled } from "./current.js";
import { JobRunner } from "./runner.js";
import { SIGNAL_COMPLETIONS } from "./slots.js";

interface Init {
  readonly port: MessagePort;
  readonly signal: SharedArrayBuffer;
  /** Spin mode: seconds to poll for the next batch before parking (0: off). */
  readonly spin: number;
}

interface Message {
  readonly t: string;
  readonly id: number;
  readonly buffer: SharedArrayBuffer;
  readonly jobs: unknown[];
}

const { port, signal, spin } = workerData as Init;
(globalThis as { isCancelled?: () => boolean }).isCancelled = isCancelled;
const signalView = new Int32Array(signal);
const runner = new JobRunner((results) => port.postMessage(results), signalView);

// A job calling process.exit(): say so on the answer port, so that a submitter blocked in
// resultSync() (whose event loop cannot see the worker's "exit" event) hears of it.
process.on("exit", (code) => {
  runner.flush();
  port.postMessage({ exited: code });
  Atomics.add(signalView, SIGNAL_COMPLETIONS, 1);
  Atomics.notify(signalView, SIGNAL_COMPLETIONS);
});

function receive(message: Message): void {
  if (message.t === "jobs") runner.accept(message.jobs);
  else if (message.t === "chunk") runner.addChunk(message.id, message.buffer);
}

/**
 * Spin mode: once the runner ran dry, poll for the next batch for up to `spin` seconds before
 * going back to the event loop (where waking this thread costs tens of microseconds). The window
 * restarts after each batch. An async job ends the spin: it needs the event loop.
 */
function spinForMore(): void {
  const ms = spin * 1000;
  let end = performance.now() + ms;
  while (runner.idle && performance.now() < end) {
    const m = parentPort === null ? undefined : receiveMessageOnPort(parentPort);
    if (m === undefined) continue;
    receive(m.message as Message);
    end = performance.now() + ms;
  }
}

parentPort?.on("message", (message: Message) => {
  receive(message);
  if (spin > 0) spinForMore();
});
