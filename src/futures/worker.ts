// The entry of a ThreadPoolExecutor worker thread: receives job batches on the parent port and
// answers on a dedicated MessagePort (so the submitter can read answers synchronously with
// receiveMessageOnPort while it blocks in resultSync()).
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import "../threading/index.js"; // registers the primitives' rebuilders for decodeArgs
import { isCancelled } from "./current.js";
import { JobRunner } from "./runner.js";
import { SIGNAL_COMPLETIONS } from "./slots.js";

interface Init {
  readonly port: MessagePort;
  readonly signal: SharedArrayBuffer;
}

const { port, signal } = workerData as Init;
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

parentPort?.on(
  "message",
  (message: { t: string; id: number; buffer: SharedArrayBuffer; jobs: unknown[] }) => {
    if (message.t === "jobs") runner.accept(message.jobs);
    else if (message.t === "chunk") runner.addChunk(message.id, message.buffer);
  },
);
