/**
 * Tools for testing concurrent code (`spindle/testing`): virtual time now; schedule exploration
 * and replay arrive with their issue.
 * @module
 */
export { VirtualClock, type VirtualClockOptions } from "../core/index.js";
