/**
 * The futures face's entry for other parts of spindle built on its machinery (the distributed
 * face's executor, the CLI): the job book that any transport of jobs shares, and the flags a
 * child process inherits. Users never import this (the package does not export it).
 * @internal
 * @module
 */
export { childExecArgv } from "./child-flags.js";
export type { JobHost } from "./future.js";
export { isSettled } from "./future.js";
export { type Entry, JobBook, type Transport } from "./job-book.js";
export { mapOver } from "./map.js";
export { FINISHED, PENDING, RUNNING, type Slot } from "./slots.js";
