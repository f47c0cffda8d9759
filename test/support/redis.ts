// Real Redis and real `spindle worker` processes for the distributed tests: each test file starts
// its own redis-server on a free loopback port (persistence off) and stops it after. Without
// redis-server on the PATH the tests skip with a message saying how to install it — except under
// CI (CI set), where a missing redis-server is a failure: CI always runs these tests.
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hasRedisServer } from "../../src/distributed/index.js";
import { INSTALL_REDIS } from "../../src/distributed/redis-server.js";

const here = dirname(fileURLToPath(import.meta.url)); // dist/test/support
/** The compiled CLI, as `npx spindle` runs it. */
export const CLI = join(here, "..", "..", "src", "cli", "main.js");
/** The compiled fixtures of the distributed tests. */
export const FIXTURES = join(here, "..", "distributed", "fixtures");

/** False when redis-server is there; else the reason to skip (throws under CI instead). */
export function redisSkip(): string | false {
  if (hasRedisServer()) return false;
  if (process.env.CI) {
    throw new Error(
      `CI must run the distributed tests, but redis-server is missing: ${INSTALL_REDIS}`,
    );
  }
  return `redis-server is not on the PATH; ${INSTALL_REDIS} to run these tests`;
}

/** A `spindle worker` (supervisor) process and what it logged. */
export interface WorkerProcess {
  readonly process: ChildProcess;
  /** Every line both processes wrote to stderr so far. */
  readonly lines: string[];
  /** The pid of the process running jobs now (the supervisor's child). */
  jobPid(): number;
  /** Resolves with the first line (from now on, or already logged at/after `from`) matching `re`. */
  waitFor(re: RegExp, from?: number, timeout?: number): Promise<string>;
  /** SIGTERM, and resolves with the exit code once it exited. */
  stop(): Promise<number | null>;
}

/** Starts `spindle worker` with `args`, resolving once its job process is ready. */
export async function startWorker(args: string[]): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [CLI, "worker", ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const lines: string[] = [];
  const waiters: {
    re: RegExp;
    from: number;
    resolve: (line: string) => void;
    reject: (error: Error) => void;
  }[] = [];
  let buffer = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
      lines.push(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
    for (const w of waiters.slice()) {
      const hit = lines.slice(w.from).find((line) => w.re.test(line));
      if (hit !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(hit);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) =>
    // On exit, once its stderr ended or 200 ms passed (a job process it started may hold the
    // pipe a moment longer): so the last lines it wrote are read, and a stop is never stuck.
    child.once("exit", async (code) => {
      await new Promise<void>((done) => {
        const timer = setTimeout(done, 200);
        if (child.stderr === null || child.stderr.readableEnded) done();
        else child.stderr.once("end", () => done());
        timer.unref?.();
      });
      // Whatever was awaited will not come now.
      const why = new Error(`spindle worker exited with code ${code}:\n${lines.join("\n")}`);
      for (const w of waiters.splice(0)) w.reject(why);
      resolve(code);
    }),
  );
  const worker: WorkerProcess = {
    process: child,
    lines,
    jobPid() {
      const started = lines.filter((line) => /started worker process \d+/.test(line)).at(-1);
      return Number(/started worker process (\d+)/.exec(started ?? "")?.[1]);
    },
    waitFor(re, from = lines.length, timeout = 20) {
      const hit = lines.slice(from).find((line) => re.test(line));
      if (hit !== undefined) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`no log line matching ${re} within ${timeout} s:\n${lines.join("\n")}`),
            ),
          timeout * 1000,
        );
        waiters.push({
          re,
          from,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
  await worker.waitFor(/: ready, /, 0);
  return worker;
}
