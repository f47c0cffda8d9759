// What every distributed case stands on, built outside the timed region: a local redis-server, two
// worker processes (spindle's or raw BullMQ's) on one queue, and their cleanup when the measuring
// process exits (it exits once idle: workers and sockets never keep it alive by themselves).
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { LocalRedis } from "spindle/distributed";

/** Worker processes, and jobs each runs at once. */
export const PROCESSES = 2;
export const CONCURRENCY = 8;

const CLI = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));
const RAW_WORKER = fileURLToPath(new URL("./raw-worker.js", import.meta.url));
/** The module whose `square` both kinds of worker run. */
export const TASKS = fileURLToPath(new URL("./tasks.js", import.meta.url));

const children: ChildProcess[] = [];
process.once("exit", () => {
  for (const c of children) c.kill("SIGTERM");
});

/** Starts redis-server and `PROCESSES` workers of `kind` on `queue`; resolves once they are ready. */
export async function setUp(kind: "spindle" | "bullmq", queue: string): Promise<LocalRedis> {
  const { startRedisServer } = await import("spindle/distributed");
  const redis = await startRedisServer();
  const args =
    kind === "spindle"
      ? [
          CLI,
          "worker",
          "--queue",
          queue,
          "--module",
          TASKS,
          "--redis",
          redis.url,
          "--concurrency",
          String(CONCURRENCY),
        ]
      : [RAW_WORKER, queue, redis.url, String(CONCURRENCY)];
  await Promise.all(
    Array.from({ length: PROCESSES }, async () => {
      const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        let text = "";
        child.stderr?.on("data", (d: Buffer) => {
          text += d.toString();
          if (/ready/.test(text)) resolve();
        });
        child.once("exit", (code) => reject(new Error(`worker exited with ${code}: ${text}`)));
      });
      child.unref();
      (child.stderr as { unref?(): void } | null)?.unref?.();
    }),
  );
  return redis;
}

/** Percentile `p` (0–1) of sorted `xs`. */
export function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}
