import { availableParallelism } from "node:os";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import type { Job } from "./job.js";

const here = import.meta.url;
/** The worker entry beside this file: worker.js when compiled, worker.ts under tsx. */
const ENTRY = new URL(here.endsWith(".ts") ? "./worker.ts" : "./worker.js", here);

/** Python's default: min(32, CPUs + 4). @internal */
export function defaultMaxWorkers(): number {
  return Math.min(32, availableParallelism() + 4);
}

/**
 * One worker thread of a pool and the jobs it holds (sent, not yet answered), in send order.
 * @internal
 */
export class ThreadWorker {
  readonly worker: Worker;
  /** Answers come here, so resultSync() can read them with receiveMessageOnPort. */
  readonly port: MessagePort;
  readonly inFlight = new Map<number, Job>();
  /** Function ids this worker has compiled: their definitions are not sent again. */
  readonly knownFns = new Set<number>();
  /** Set when the pool ends the worker on purpose (shutdown or a timeout), so exit is no crash. */
  retiring = false;
  /** The uncaught error that killed it, if any (arrives before "exit"). */
  lastError: unknown = null;

  constructor(name: string, signal: SharedArrayBuffer, chunks: readonly SharedArrayBuffer[]) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(ENTRY, {
      name,
      workerData: { port: port2, signal },
      transferList: [port2],
    });
    for (let id = 0; id < chunks.length; id++) this.sendChunk(id, chunks[id] as SharedArrayBuffer);
  }

  sendChunk(id: number, buffer: SharedArrayBuffer): void {
    this.worker.postMessage({ t: "chunk", id, buffer });
  }

  /** Whether the process may exit while this worker lives (it may, when the pool is idle). */
  ref(on: boolean): void {
    if (on) {
      this.worker.ref();
      this.port.ref();
    } else {
      this.worker.unref();
      this.port.unref();
    }
  }
}
