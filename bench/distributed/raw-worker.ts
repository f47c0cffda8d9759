// A raw BullMQ worker process, written as BullMQ's documentation recommends: one Worker with a
// concurrency, an async processor, removeOnComplete on the jobs. argv: queue, redis URL, concurrency.
import { Worker } from "bullmq";
import { square } from "./tasks.js";

const [queue = "", url = "", concurrency = "1"] = process.argv.slice(2);
const { hostname: host, port } = new URL(url);
const worker = new Worker(queue, async (job) => square(job.data.x as number), {
  connection: { host, port: Number(port), maxRetriesPerRequest: null },
  concurrency: Number(concurrency),
});
worker.on("error", () => {});
await worker.waitUntilReady();
process.stderr.write("ready\n");
process.once("SIGTERM", () => void worker.close().then(() => process.exit(0)));
process.once("disconnect", () => void worker.close().then(() => process.exit(0)));
