// The entry of a ProcessPoolExecutor child: receives job batches over the IPC channel and answers
// on it, running them with the same JobRunner as threads (without shared memory). A watchdog
// thread ends this process when the parent dies, even while a job keeps this thread busy.
import { Worker } from "node:worker_threads";
import { isCancelled } from "./current.js";
import { JobRunner } from "./runner.js";

/**
 * Runs in its own thread, so a job that never yields cannot stop it. It watches fd 4, a pipe the
 * parent holds open and never writes to: end of file means the parent is gone, whatever killed
 * it (SIGKILL included), on every platform. Polling the parent pid backs it up where the pipe is
 * missing. SIGKILL, because a job may trap the polite signals.
 */
const WATCHDOG = `
const net = require("node:net");
const die = () => process.kill(process.pid, "SIGKILL");
const ppid = process.ppid;
try {
  const pipe = new net.Socket({ fd: 4, readable: true, writable: false });
  pipe.on("data", () => {});
  pipe.on("end", die);
  pipe.on("close", die);
  pipe.on("error", die);
} catch {}
setInterval(() => { if (process.ppid !== ppid) die(); }, 500);
`;

const watchdog = new Worker(WATCHDOG, { eval: true, name: "spindle-watchdog" });
watchdog.unref(); // it must never keep this process alive by itself

const send = process.send?.bind(process);
if (send === undefined) {
  throw new Error(
    "process-entry.js is the child side of ProcessPoolExecutor and must be started by it (with an IPC channel)",
  );
}
(globalThis as { isCancelled?: () => boolean }).isCancelled = isCancelled;
const runner = new JobRunner((results) => send(results), null);

process.on("message", (message: { t: string; id: number; jobs: unknown[] }) => {
  if (message.t === "jobs") runner.accept(message.jobs);
  else if (message.t === "cancel") runner.cancel(message.id);
});
// A job that calls process.exit(): results finished before it still reach the parent (the pipe
// write is attempted at once), so the crash is pinned on the right job.
process.on("exit", () => runner.flush());
// Ready: an empty batch of answers tells the pool this child started, so a child that dies
// before this point is a start failure (its jobs are requeued), not a crash of some job.
send([]);
