// The entry of a ThreadPoolExecutor worker thread: receives job batches on the parent port and
// answers on a dedicated MessagePort (so the submitter can read answers synchronously with
// receiveMessageOnPort while it blocks in resultSync()).
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import "../threading/index.js"; // registers the primitives' rebuilders for decodeArgs
import { isCancelled } from "./current.js";
import { JobRunner } from "./runner.js";

interface Init {
  readonly port: MessagePort;
  readonly signal: SharedArrayBuffer;
}

const { port, signal } = workerData as Init;
(globalThis as { isCancelled?: () => boolean }).isCancelled = isCancelled;
const runner = new JobRunner((results) => port.postMessage(results), new Int32Array(signal));

parentPort?.on(
  "message",
  (message: { t: string; id: number; buffer: SharedArrayBuffer; jobs: unknown[] }) => {
    if (message.t === "jobs") runner.accept(message.jobs);
    else if (message.t === "chunk") runner.addChunk(message.id, message.buffer);
  },
);
