// Simply explained: a bakery takes orders on a board by the door, and two bakers in the back take
// them from the board. One baker walks out with two loaves in the oven. Nobody has to shout: the
// orders he took are still on the board, marked as his, and when he does not come back for them the
// other baker takes them. Every customer gets bread, and nobody gets two.

// Beyond one machine, the Executor of concurrent.futures runs on BullMQ and Redis: a QueueExecutor
// puts jobs on a queue, `spindle worker` processes (on any machine that reaches the Redis) take
// them, and each submit() gives the same Future as a thread pool. Here: a local redis-server, two
// workers, and one of them SIGKILLed mid-job. Its jobs are picked up by BullMQ's stalled-job
// recovery once their locks expire (after 1 s here), and every job still completes, once.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { hasRedisServer, QueueExecutor, startRedisServer } from "spindle/distributed";

if (!hasRedisServer()) {
  console.log("This stop needs redis-server, which is not installed here.");
  console.log(
    "Get it with `sudo apt-get install redis-server` (Debian/Ubuntu) or `brew install redis`.",
  );
  process.exit(0);
}

const redis = await startRedisServer();
console.log("started a local redis-server (persistence off)");

const cli = fileURLToPath(new URL("../src/cli/main.js", import.meta.url));
const tasks = fileURLToPath(new URL("./distributed-tasks.js", import.meta.url));
const flags = ["--queue", "squares", "--module", tasks, "--redis", redis.url, "--concurrency", "2"];
const fast = ["--lock-duration", "1", "--stalled-interval", "0.5"]; // quick recovery, for the demo

/** Starts `spindle worker`; resolves with it and the pid of its job process once that is ready. */
function startWorker(): Promise<{ worker: ChildProcess; jobPid: number }> {
  const worker = spawn(process.execPath, [cli, "worker", ...flags, ...fast], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((resolve) => {
    let log = "";
    worker.stderr?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      const pid = /started worker process (\d+)/.exec(log)?.[1];
      if (pid !== undefined && /: ready, /.test(log)) resolve({ worker, jobPid: Number(pid) });
    });
  });
}

const [a, b] = await Promise.all([startWorker(), startWorker()]);
console.log("two workers ready: spindle worker --queue squares --concurrency 2");

// tour:begin
await using pool = new QueueExecutor({ queue: "squares", connection: redis.url });
const square = { module: tasks, name: "slowSquare" };
const futures = Array.from({ length: 12 }, (_, x) => pool.submit(square, x));
// tour:end
console.log(`submitted ${futures.length} jobs; each takes 0.3 s`);

let done = 0;
for (const f of futures) {
  f.addDoneCallback(() => {
    if (++done !== 2) return;
    console.log("2 results in: killing worker A's process with SIGKILL while it runs jobs");
    process.kill(a.jobPid, "SIGKILL");
  });
}

const results = await Promise.all(futures); // worker B finishes what A was doing
console.log(`all ${results.length} jobs completed: ${results.join(", ")}`);
// tour:end
const { completed, failed } = pool.statistics();
console.log(`statistics: ${completed} completed, ${failed} failed`);

await pool.shutdown();
for (const w of [a.worker, b.worker]) w.kill("SIGTERM");
await Promise.all([a.worker, b.worker].map((w) => new Promise((r) => w.once("exit", r))));
await redis.stop();
