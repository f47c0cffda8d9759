// The monitor suite: what watching, serving and recording cost on the kernel's and the I/O
// suite's own workloads, each against the same workload without the monitor, in one run.
import type { Suite } from "../lib/suite.js";
import { workloads } from "./overhead.js";

export const suite: Suite = {
  name: "monitor",
  title: "spindle/monitor overhead — loaded, serving, recording — against no monitor",
  workloads,
};
