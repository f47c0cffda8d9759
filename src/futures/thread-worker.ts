import { availableParallelism } from "node:os";
import { MessageChannel, type MessagePort, type Worker } from "node:worker_threads";
import { besideThis, startWorker } from "../threading/internal.js";
import type { Job } from "./job.js";
import type { PoolWorker, WorkerEvents } from "./pool-worker.js";

/** The worker entry beside this file: worker.js when compiled, worker.ts under tsx. */
const ENTRY = besideThis(import.meta.url, "worker");

/** Python's default: min(32, CPUs + 4). @internal */
export function defaultMaxWorkers(): number {
  return Math.min(32, availableParallelism() + 4);
}

/**
 * One worker thread of a pool and the jobs it holds (sent, not yet answered), in send order.
 * @internal
 */
export class ThreadWorker implements PoolWorker {
  readonly worker: Worker;
  /** Answers come here, so resultSync() can read them with receiveMessageOnPort. */
  readonly port: MessagePort;
  readonly inFlight = new Map<number, Job>();
  readonly knownFns = new Set<number>();
  retiring = false;
  readonly gone = false;
  lastError: unknown = null;
  readonly #events: WorkerEvents;
  #over = false;

  constructor(
    name: string,
    signal: SharedArrayBuffer,
    chunks: readonly SharedArrayBuffer[],
    events: WorkerEvents,
    spin: number,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = startWorker(ENTRY, {
      name,
      workerData: { port: port2, signal, spin },
      transferList: [port2],
    });
    for (let id = 0; id < chunks.length; id++) this.sendChunk(id, chunks[id] as SharedArrayBuffer);
    this.#events = events;
    port1.on("message", (message: unknown) => this.receive(message));
    this.worker.on("error", (error) => events.error(error));
    this.worker.on("exit", (code) => this.#ended(code));
  }

  /** A message on the answer port: a batch of answers, or the notice that the worker is exiting. */
  receive(message: unknown): void {
    if (Array.isArray(message)) this.#events.answers(message);
    else this.#ended((message as { exited: number }).exited);
  }

  /** Reported once: by the exiting worker's notice (seen even inside resultSync) or by "exit". */
  #ended(code: number): void {
    if (this.#over) return;
    this.#over = true;
    this.port.close();
    this.#events.exit(code, null);
  }

  sendChunk(id: number, buffer: SharedArrayBuffer): void {
    this.worker.postMessage({ t: "chunk", id, buffer });
  }

  post(batch: unknown[], transfer: readonly ArrayBuffer[]): void {
    this.worker.postMessage({ t: "jobs", jobs: batch }, transfer as ArrayBuffer[]);
  }

  requestCancel(_jobId: number): void {
    // Nothing to send: cancel() set the flag in the job's shared slot, which isCancelled() reads.
  }

  ref(on: boolean): void {
    if (on) {
      this.worker.ref();
      this.port.ref();
    } else {
      this.worker.unref();
      this.port.unref();
    }
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}
