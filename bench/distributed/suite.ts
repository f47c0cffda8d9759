// The distributed suite: spindle/distributed's QueueExecutor against raw BullMQ, side by side in
// one run, each on its own local redis-server and two worker processes. Skipped, with how to
// install it, when redis-server is not on the PATH.
import { hasRedisServer } from "spindle/distributed";
import type { Suite } from "../lib/suite.js";
import { d1, d2 } from "./d1-throughput.js";
import { d3 } from "./d3-latency.js";

const present = hasRedisServer();

export const suite: Suite = {
  name: "distributed",
  title: present
    ? "the Executor on BullMQ and Redis — QueueExecutor against raw BullMQ"
    : "skipped: redis-server is not on the PATH; install it with `sudo apt-get install redis-server`",
  workloads: present ? [d1, d2, d3] : [],
};
