// What a promise did within a short real while: for tests of waits that must NOT end early
// (an overflowed Node timer fires after ~1 ms instead of its delay).
import { setTimeout as delay } from "node:timers/promises";

/** "pending", or how `promise` settled ("resolved <value>", "rejected <error name>"), after `ms`. */
export async function stateAfter(promise: PromiseLike<unknown>, ms: number): Promise<string> {
  let state = "pending";
  Promise.resolve(promise).then(
    (v) => {
      state = `resolved ${String(v)}`;
    },
    (e: Error) => {
      state = `rejected ${e.name}`;
    },
  );
  await delay(ms);
  return state;
}
