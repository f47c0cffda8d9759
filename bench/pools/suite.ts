// The pools suite: spindle/futures' ThreadPoolExecutor against piscina, tinypool, a raw
// postMessage baseline and Python's concurrent.futures; its ProcessPoolExecutor against Python's.
import type { Suite } from "../lib/suite.js";
import { w5a } from "./w5a-throughput.js";
import { w5b } from "./w5b-roundtrip.js";
import { w5c, w5d } from "./w5c-processes.js";

export const suite: Suite = {
  name: "pools",
  title: "worker pools — spindle/futures against piscina, tinypool, raw postMessage and Python",
  workloads: [w5a, w5b, w5c, w5d],
};
