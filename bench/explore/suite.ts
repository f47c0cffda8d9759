// The explore suite: schedule exploration's speed (schedules per second, one thread and two
// workers), how reliably it finds races and deadlocks that the default order hides, and whether
// a replay gives back the very same interleaving.
import type { Suite } from "../lib/suite.js";
import { x1 } from "./x1-schedules.js";
import { x2, x2d, x3 } from "./x2-finding.js";
import { x4 } from "./x4-replay.js";

export const suite: Suite = {
  name: "explore",
  title: "schedule exploration: schedules/s, finding rates, replay fidelity — against fast-check",
  workloads: [x1, x2, x2d, x3, x4],
};
