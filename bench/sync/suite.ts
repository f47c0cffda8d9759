// The sync suite: the asyncio primitives (locks, semaphores, queues, events) against Python
// asyncio and the promise-based libraries a Node user would reach for.
import type { Suite } from "../lib/suite.js";
import { w3a } from "./w3a-uncontended.js";
import { w3b } from "./w3b-contended.js";
import { w4 } from "./w4-bounded.js";
import { w4q } from "./w4q-queue.js";
import { w5e } from "./w5e-event.js";
import { w5m } from "./w5m-parked.js";

export const suite: Suite = {
  name: "sync",
  title: "locks, semaphores, queues, events — spindle against asyncio and the promise libraries",
  workloads: [w3a, w3b, w4, w4q, w5e, w5m],
};
