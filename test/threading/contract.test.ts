// The lock contract of the asyncio issue, run against the awaitable forms of threading's Lock and
// Condition (tasks on one thread; cross-thread behaviour is tested in lock.test.ts and
// condition.test.ts).
import { Condition, Lock } from "../../src/threading/index.js";
import { lockContract } from "../asyncio/locks/lock-contract.js";

lockContract(
  "threading.Lock (acquireAsync)",
  () => {
    const lock = new Lock();
    return {
      acquire: () => lock.acquireAsync(),
      release: () => lock.release(),
      locked: () => lock.locked(),
    };
  },
  { handsOffAtRelease: false },
);

// Its default lock is a threading Lock, whose async waiters are served FIFO with hand-off.
lockContract(
  "threading.Condition (acquireAsync)",
  () => {
    const cond = new Condition();
    return {
      acquire: () => cond.acquireAsync(),
      release: () => cond.release(),
      locked: () => cond.locked(),
    };
  },
  { handsOffAtRelease: false },
);
