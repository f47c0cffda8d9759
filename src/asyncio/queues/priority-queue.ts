import { describeValue } from "../../core/internal.js";
import { HeapStore } from "./heap-store.js";
import { type Compare, isOrderable, pythonOrder } from "./python-order.js";
import { Queue, type QueueOptions } from "./queue.js";
import type { Store } from "./store.js";

/**
 * The options of a {@link PriorityQueue}: a `name` for reports, and `compare` to order items.
 * @example
 * const jobs = new PriorityQueue<Job>(0, { name: "jobs", compare: (a, b) => a.priority - b.priority });
 */
export interface PriorityQueueOptions<T> extends QueueOptions {
  /**
   * Negative when `a` comes out first, positive when `b` does, 0 for a tie. Default: Python's
   * order — numbers, strings, and arrays of them compared element by element like tuples.
   */
  compare?: Compare<T>;
}

/**
 * A queue that hands out the lowest item first (asyncio.PriorityQueue), on a binary heap. Items
 * are typically `[priority, data]` entries, ordered like Python tuples; or pass `compare`. Unlike
 * asyncio, items that tie come out in the order they were put (the heap is stable), so
 * `compare: (a, b) => a[0] - b[0]` gives "by priority, then first come, first served".
 *
 * Everything else is {@link Queue}'s: `maxsize`, waiting in line, `taskDone`/`join`, `shutdown`.
 * An item the order cannot place is refused at `put` with a `TypeError` saying what to do.
 * @example
 * const q = new PriorityQueue<[number, string]>();
 * q.putNowait([2, "write report"]);
 * q.putNowait([1, "fix the build"]);
 * q.getNowait(); // [1, "fix the build"]
 */
export class PriorityQueue<T = unknown> extends Queue<T> {
  /** `maxsize`: an integer >= 0, 0 (the default) for no bound. */
  constructor(maxsize = 0, options?: PriorityQueueOptions<T>) {
    super(maxsize, options);
  }

  /** @internal A stable binary heap ordered by `options.compare`, or by Python's order. */
  protected override createStore(options: PriorityQueueOptions<T>): Store<T> {
    const compare = options.compare;
    if (compare === undefined) return new PythonOrderHeap<T>();
    if (typeof compare !== "function") {
      throw new TypeError(
        `PriorityQueue options.compare must be a function (a, b) => number; got ${describeValue(compare)}`,
      );
    }
    return new HeapStore<T>(compare);
  }
}

/** A heap in Python's order that refuses, at put, an item that order could never compare. */
class PythonOrderHeap<T> extends HeapStore<T> {
  constructor() {
    super(pythonOrder);
  }

  override push(item: T): void {
    if (!isOrderable(item)) {
      throw new TypeError(
        `PriorityQueue cannot order ${describeValue(item)}: its default order compares numbers, strings, and arrays of them element by element (like Python tuples). Put [priority, item] entries, or pass { compare } to new PriorityQueue(maxsize, { compare })`,
      );
    }
    super.push(item);
  }
}
