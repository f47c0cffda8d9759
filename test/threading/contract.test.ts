// The lock contract of the asyncio issue, run against the awaitable form of threading's Lock
// (tasks on one thread; cross-thread behaviour is tested in lock.test.ts).
import { Lock } from "../../src/threading/index.js";
import { lockContract } from "../asyncio/locks/lock-contract.js";

lockContract("threading.Lock (acquireAsync)", () => {
  const lock = new Lock();
  return {
    acquire: () => lock.acquireAsync(),
    release: () => lock.release(),
    locked: () => lock.locked(),
  };
});
