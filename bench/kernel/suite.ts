// The kernel suite: the hot paths DESIGN §6 makes promises about.
import type { Suite } from "../lib/suite.js";
import { w1 } from "./w1-pingpong.js";
import { w2Retained } from "./w2-retained.js";
import { w2 } from "./w2-spawn-join.js";
import { w7 } from "./w7-timers.js";

export const suite: Suite = {
  name: "kernel",
  title: "task switch, task life, timers — spindle against raw Node and the peers",
  workloads: [w1, w2, w2Retained, w7],
};
