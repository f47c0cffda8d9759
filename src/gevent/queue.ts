import {
  Queue as AsyncioQueue,
  type Awaitable,
  QueueEmpty,
  QueueFull,
  type QueueOptions,
} from "../asyncio/index.js";
import { hubCall, withDeadline } from "./hub.js";

/**
 * gevent's `queue.Empty`: `get` found nothing (not blocking, or not in time). The same class as
 * spindle's QueueEmpty.
 * @example
 * try { q.getNowait(); } catch (e) { if (e instanceof Empty) idle(); }
 */
export const Empty = QueueEmpty;
/**
 * The type of {@link Empty}.
 * @example
 * const e: Empty = new Empty();
 */
export type Empty = QueueEmpty;
/**
 * gevent's `queue.Full`: `put` found no room (not blocking, or not in time). The same class as
 * spindle's QueueFull.
 * @example
 * try { q.putNowait(x); } catch (e) { if (e instanceof Full) drop(x); }
 */
export const Full = QueueFull;
/**
 * The type of {@link Full}.
 * @example
 * const e: Full = new Full();
 */
export type Full = QueueFull;

/**
 * gevent's queue.Queue: spindle's asyncio Queue (FIFO, fair, bounded by `maxsize`; 0 means no
 * bound) with gevent's `put(item, block, timeout)` and `get(block, timeout)`, which throw
 * {@link Full} / {@link Empty} when they cannot go on at once (not blocking) or in time.
 * @example
 * const q = new Queue<number>(10);
 * yield* q.put(1);
 * const one = yield* q.get(true, 1.5); // Empty if nothing came within 1.5 s
 */
export class Queue<T = unknown> extends AsyncioQueue<T> {
  constructor(maxsize = 0, options?: QueueOptions) {
    super(maxsize, options);
  }

  /** Puts `item`, waiting for room if `block` (at most `timeout` seconds); else throws Full. */
  override put(item: T, block = true, timeout?: number | null): Awaitable<void> {
    if (!block) {
      this.putNowait(item);
      return hubCall(function* () {});
    }
    if (timeout === undefined || timeout === null) return super.put(item);
    const put = () => super.put(item);
    return hubCall(() =>
      withDeadline(timeout, put(), () => {
        throw new QueueFull(`the queue stayed full for ${timeout} seconds; put() gave up`);
      }),
    );
  }

  /** Takes an item, waiting if `block` (at most `timeout` seconds); else throws Empty. */
  override get(block = true, timeout?: number | null): Awaitable<T> {
    if (!block) {
      const item = this.getNowait();
      return hubCall(function* () {
        return item;
      });
    }
    if (timeout === undefined || timeout === null) return super.get();
    const get = () => super.get();
    return hubCall(() =>
      withDeadline(timeout, get(), () => {
        throw new QueueEmpty(`the queue stayed empty for ${timeout} seconds; get() gave up`);
      }),
    );
  }
}
