// The green suite: greenlets (no loop) now; gevent's workloads (spawn/join on the hub, sleep(0)
// ping-pong between green threads) join this list when spindle/gevent exists.
import type { Suite } from "../lib/suite.js";
import { w6 } from "./w6-switch.js";

export const suite: Suite = {
  name: "green",
  title: "greenlet switches — spindle against the bare JS floor and Python greenlet",
  workloads: [w6],
};
