// The green suite: greenlets (no loop), and gevent's green threads on the hub (sleep(0) ping-pong,
// spawn + joinall, a bounded Pool), each against Python's greenlet / gevent in the same run.
import type { Suite } from "../lib/suite.js";
import { gw1 } from "./gw1-sleep0.js";
import { gw2 } from "./gw2-spawn-joinall.js";
import { gw4 } from "./gw4-pool.js";
import { w6 } from "./w6-switch.js";

export const suite: Suite = {
  name: "green",
  title:
    "greenlet switches and gevent green threads — spindle against the JS floor, Python greenlet and gevent",
  workloads: [w6, gw1, gw2, gw4],
};
