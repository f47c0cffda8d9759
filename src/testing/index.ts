/**
 * Tools for testing concurrent code (`spindle/testing`): virtual time, and schedule exploration —
 * `explore` runs a scenario under many seeded schedules and reports the first that fails as a
 * readable interleaving with a short replay token; `replay` runs that schedule again exactly;
 * `shared` cells report lost updates.
 * @module
 */
export { VirtualClock, type VirtualClockOptions } from "../core/index.js";
export {
  type FailureKind,
  LostUpdateError,
  NondeterminismError,
  ScheduleDivergence,
  ScheduleFailure,
  ScheduleTokenError,
} from "./errors.js";
export { type ExploreResult, explore } from "./explore.js";
export type { ExploreOptions, ExploreProgress } from "./options.js";
export { replay } from "./replay.js";
export type { Scenario } from "./run.js";
export { type Shared, shared } from "./shared.js";
