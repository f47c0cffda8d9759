/**
 * spindle: Python's asynchronous model for TypeScript. The default export surface is the asyncio
 * face; the others are `spindle/coroutine`, `spindle/testing`, and more to come.
 * @module
 */
export * from "./asyncio/index.js";
