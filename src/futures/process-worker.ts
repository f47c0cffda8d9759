import { type ChildProcess, fork } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { besideThis } from "../threading/internal.js";
import { childExecArgv } from "./child-flags.js";
import type { Job } from "./job.js";
import type { PoolWorker, WorkerEvents } from "./pool-worker.js";

/**
 * The child's entry beside this file: process-entry.js when compiled, .ts under tsx (a forked
 * child inherits the parent's execArgv, so `--import tsx` loads it there).
 */
const ENTRY = fileURLToPath(besideThis(import.meta.url, "process-entry"));

/** Python's default for processes: the number of CPUs. @internal */
export function defaultMaxProcesses(): number {
  return availableParallelism();
}

/**
 * One child process of a {@link ProcessPoolExecutor} and the jobs it holds. Messages use
 * structured clone (`serialization: "advanced"`). File descriptor 4 is a pipe the parent never
 * writes to: the child's watchdog sees it close when the parent dies, however it died.
 * @internal
 */
export class ProcessWorker implements PoolWorker {
  readonly child: ChildProcess;
  readonly inFlight = new Map<number, Job>();
  readonly knownFns = new Set<number>();
  retiring = false;
  gone = false;
  lastError: unknown = null;
  readonly #closed: Promise<void>;

  constructor(name: string, events: WorkerEvents) {
    this.child = fork(ENTRY, [name], {
      serialization: "advanced",
      stdio: ["inherit", "inherit", "inherit", "ipc", "pipe"],
      // The parent's loaders and runtime flags, never its -e script (see child-flags.ts).
      execArgv: childExecArgv(process.execArgv),
    });
    this.child.on("message", (results: unknown[]) => events.answers(results));
    this.child.on("error", (error: Error & { code?: string }) => {
      // A send racing the child's death is not why it died.
      if (error.code !== "ERR_IPC_CHANNEL_CLOSED" && error.code !== "EPIPE") events.error(error);
    });
    this.child.on("exit", () => {
      this.gone = true;
    });
    // "close" comes after the last message the child sent, so no answer arrives after it.
    this.#closed = new Promise((resolve) => {
      this.child.on("close", (code, signal) => {
        this.gone = true;
        events.exit(code, signal);
        resolve();
      });
    });
  }

  post(batch: unknown[], _transfer: readonly ArrayBuffer[]): void {
    this.child.send({ t: "jobs", jobs: batch });
  }

  requestCancel(jobId: number): void {
    if (this.child.connected) this.child.send({ t: "cancel", id: jobId });
  }

  ref(on: boolean): void {
    const channel = this.child.channel as { ref(): void; unref(): void } | null | undefined;
    const watch = this.child.stdio[4] as { ref?(): void; unref?(): void } | null;
    if (on) {
      this.child.ref();
      channel?.ref();
      watch?.ref?.();
    } else {
      this.child.unref();
      channel?.unref();
      watch?.unref?.();
    }
  }

  terminate(): Promise<void> {
    // Hear its end even when idle (unref'd): shutdown() resolves only once it is gone.
    this.ref(true);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
    return this.#closed;
  }
}
