// `spindle worker`: runs serve() in a child process and keeps one running. The child is replaced
// when it dies (a crash, a kill), when it asks to be (a job it could not stop may still hold its
// thread), and when its event loop stays blocked longer than the lock duration (it can renew no
// lock then, so its jobs are being recovered by others anyway). SIGTERM or SIGINT stop it
// gracefully: running jobs finish, or are handed back after --shutdown-timeout.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { childExecArgv } from "../futures/internal.js";
import { numberFlag, parseFlags, UsageError } from "./usage.js";

export const usage = `usage: spindle worker --queue NAME --module FILE [options]

Runs jobs that a QueueExecutor put on a BullMQ queue in Redis: each job names a function
exported by one of the worker's modules. Stops gracefully on SIGTERM or SIGINT.

  --queue NAME              the queue (no ":")                                 (required)
  --module FILE             a module whose exported functions jobs call; a path,
                            file: URL or package name; repeat for several      (required)
  --redis URL               where Redis is              (default redis://127.0.0.1:6379)
  --concurrency N           jobs at once                                      (default 1)
  --threads K               run jobs on a pool of K worker threads (CPU-bound jobs)
                            instead of this process's thread                  (default 0)
  --cancel-grace S          seconds a cancelled running job may go on before it is
                            failed and the worker replaced                    (default 5)
  --lock-duration S         seconds a job's lock lasts (renewed while it runs) (default 30)
  --stalled-interval S      seconds between checks for jobs of lost workers   (default 30)
  --max-stalled-count N     recoveries of a job from lost workers before it fails
                            with WorkerLostError                              (default 1)
  --drain-delay S           seconds an idle worker waits per Redis call       (default 5)
  --connect-timeout S       seconds to wait for Redis                          (default 5)
  --shutdown-timeout S      on SIGTERM, seconds to let running jobs finish before
                            handing them back                    (default: lock duration)
  --max-payload BYTES       largest result, in bytes of JSON                (default 1 MiB)
  --name NAME               this worker's name in logs              (default HOST:PID)
  -h, --help                this text

Example:
  npx spindle worker --queue images --module ./tasks.js --redis redis://10.0.0.5:6379 --concurrency 4`;

/** The child asks to be replaced with this exit code (see worker-child.ts). */
export const REPLACE_ME = 75;

/** Children in a row that may die before they are ready before the worker gives up. */
const START_FAILURES = 3;

const FLAGS = {
  queue: { type: "string" },
  module: { type: "string", multiple: true },
  redis: { type: "string" },
  concurrency: { type: "string" },
  threads: { type: "string" },
  "cancel-grace": { type: "string" },
  "lock-duration": { type: "string" },
  "stalled-interval": { type: "string" },
  "max-stalled-count": { type: "string" },
  "drain-delay": { type: "string" },
  "connect-timeout": { type: "string" },
  "shutdown-timeout": { type: "string" },
  "max-payload": { type: "string" },
  name: { type: "string" },
} as const;

/** What the child receives (as JSON in its argv): serve()'s options and the shutdown timeout. */
export interface ChildConfig {
  readonly serve: Record<string, unknown>;
  readonly shutdownTimeout: number | undefined;
}

/** Parses the flags into the child's configuration; a UsageError names a bad one. */
export function childConfig(args: string[]): ChildConfig {
  const { values } = parseFlags(args, FLAGS);
  if (values.queue === undefined) throw new UsageError("--queue NAME is required");
  if (values.module === undefined) throw new UsageError("--module FILE is required");
  const serve: Record<string, unknown> = {
    queue: values.queue,
    module: values.module,
    connection: values.redis ?? "redis://127.0.0.1:6379",
    concurrency: numberFlag(values.concurrency, "concurrency", true),
    threads: numberFlag(values.threads, "threads", true),
    cancelGrace: numberFlag(values["cancel-grace"], "cancel-grace", false),
    lockDuration: numberFlag(values["lock-duration"], "lock-duration", false),
    stalledInterval: numberFlag(values["stalled-interval"], "stalled-interval", false),
    maxStalledCount: numberFlag(values["max-stalled-count"], "max-stalled-count", true),
    drainDelay: numberFlag(values["drain-delay"], "drain-delay", false),
    connectTimeout: numberFlag(values["connect-timeout"], "connect-timeout", false),
    maxPayload: numberFlag(values["max-payload"], "max-payload", true),
    name: values.name,
  };
  return {
    serve,
    shutdownTimeout: numberFlag(values["shutdown-timeout"], "shutdown-timeout", false),
  };
}

const CHILD = fileURLToPath(new URL("./worker-child.js", import.meta.url));

export async function run(args: string[]): Promise<number> {
  const config = childConfig(args);
  const lockDuration = (config.serve.lockDuration as number | undefined) ?? 30;
  const log = (line: string) => process.stderr.write(`spindle worker [${process.pid}]: ${line}\n`);
  let stopping = false;
  let startFailures = 0;
  let child: ReturnType<typeof fork> | null = null;

  const stop = (signal: string) => {
    if (stopping) {
      log(`${signal} again: killing the worker process`);
      child?.kill("SIGKILL");
      return;
    }
    stopping = true;
    log(`${signal}: stopping the worker process gracefully`);
    child?.kill("SIGTERM");
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  for (;;) {
    const exit = await new Promise<{
      pid: number | undefined;
      code: number | null;
      signal: string | null;
      ready: boolean;
    }>((resolve) => {
      let ready = false;
      let lastBeat = Date.now();
      const c = fork(CHILD, [JSON.stringify(config)], {
        execArgv: childExecArgv(process.execArgv),
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      child = c;
      log(`started worker process ${c.pid}`);
      c.on("message", (message: { t?: string }) => {
        lastBeat = Date.now();
        if (message.t === "ready") {
          ready = true;
          startFailures = 0;
        }
      });
      // A child whose event loop stays blocked renews no lock: its jobs are recovered by other
      // workers after the lock duration, so it is of no use any more.
      const watch = setInterval(() => {
        const silent = (Date.now() - lastBeat) / 1000;
        if (ready && !stopping && silent > lockDuration) {
          log(
            `worker process ${c.pid} has been blocked for ${silent.toFixed(1)} s (a job keeps its thread busy), longer than the lock duration; killing it`,
          );
          c.kill("SIGKILL");
        }
      }, 500);
      c.on("exit", (code, signal) => {
        clearInterval(watch);
        resolve({ pid: c.pid, code, signal, ready });
      });
    });
    child = null;
    const how = `${exit.pid} ${exit.signal === null ? `exited with code ${exit.code}` : `was killed by ${exit.signal}`}`;
    if (stopping) {
      log(`worker process ${how}; stopped`);
      return exit.code ?? 1;
    }
    if (exit.code === REPLACE_ME) {
      log(`worker process ${exit.pid} asked to be replaced; starting a new one`);
      continue;
    }
    if (exit.code === 2 && !exit.ready) return 2; // bad options: the child said why
    if (!exit.ready && ++startFailures >= START_FAILURES) {
      log(`worker process ${how} before it was ready, ${START_FAILURES} times in a row; giving up`);
      return 1;
    }
    log(`worker process ${how}; starting a new one`);
  }
}
