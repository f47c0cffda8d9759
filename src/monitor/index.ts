/**
 * The monitor face (`spindle/monitor`): see a running program's tasks — what each is doing, what
 * it waits on, who holds what, where time goes. `snapshot()` and the await tree, lints, a
 * fixed-memory flight recorder (`record()`) with Chrome-trace and HTML output, and a local live
 * server (`serve()`, `SPINDLE_MONITOR`) that `spindle top` and `spindle ps` read.
 * Importing it costs nothing until something is watched, served or recorded.
 * @module
 */
export type { ChromeEvent, ChromeTrace } from "./chrome.js";
export { Recording, type RecordOptions, record } from "./recorder.js";
export { type MonitorServer, type ServeOptions, serve } from "./server.js";
export { snapshot } from "./snapshot.js";
export { Trace, type TraceEvent, type TraceLane, type TraceLint } from "./trace.js";
export { awaitChain, formatTree, taskLine } from "./tree.js";
export type {
  LagSnapshot,
  Lint,
  LintKind,
  LoopSnapshot,
  PoolSnapshot,
  PrimitiveSnapshot,
  Snapshot,
  TaskSnapshot,
} from "./types.js";
export { type Watching, type WatchOptions, watch } from "./watch.js";

import { fromEnvironment } from "./env.js";

fromEnvironment(process.env);
