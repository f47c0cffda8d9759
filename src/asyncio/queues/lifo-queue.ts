import { Queue, type QueueOptions } from "./queue.js";
import { StackStore, type Store } from "./store.js";

/**
 * A queue that hands out the most recently put item first (asyncio.LifoQueue): a stack.
 * Everything else is {@link Queue}'s: `maxsize`, waiting in line, `taskDone`/`join`, `shutdown`.
 * @example
 * const stack = new LifoQueue<string>();
 * stack.putNowait("a");
 * stack.putNowait("b");
 * stack.getNowait(); // "b"
 */
export class LifoQueue<T = unknown> extends Queue<T> {
  /** @internal Items come out last in, first out. */
  protected override createStore(_options: QueueOptions): Store<T> {
    return new StackStore<T>();
  }
}
