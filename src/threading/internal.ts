/**
 * The threading face's entry for the parts of spindle built on its worker plumbing (the futures
 * pools): functions that cross into a worker (portable functions, their compilation there),
 * arguments that cross (shared memory, transfer), and how a worker entry starts. Users never
 * import this (the package does not export it).
 * @internal
 * @module
 */
export { compile, type Definition, type Fn, thrower } from "./compile.js";
export {
  checkArgs,
  describeValue,
  type FunctionRef,
  type ModuleFunction,
  type Portable,
  toFunctionRef,
} from "./portable.js";
export { decodeArgs, encodeArgs, TO_SHARED } from "./transfer.js";
export { besideThis, startWorker } from "./worker-entry.js";
