import { Ring } from "../../core/index.js";

/**
 * Where a queue keeps its items: the one thing the three queue kinds do differently. The queue
 * guarantees `take()` is called only while `length > 0`.
 * @internal
 * @example
 * protected override createStore(): Store<T> { return new StackStore<T>(); } // in a Queue subclass
 */
export interface Store<T> {
  readonly length: number;
  /** Adds an item; may throw (a priority queue that cannot order it), leaving the store as it was. */
  push(item: T): void;
  /** Removes and returns the next item in this store's order; may throw like `push`. */
  take(): T;
  /** Drops every item (shutdown(immediate)). */
  clear(): void;
}

/**
 * First in, first out, on the kernel's ring buffer: O(1) at both ends, no per-item allocation.
 * @internal
 * @example
 * const store = new FifoStore<string>();
 * store.push("a"); store.push("b");
 * store.take(); // "a"
 */
export class FifoStore<T> implements Store<T> {
  readonly #ring = new Ring<T>();

  get length(): number {
    return this.#ring.length;
  }

  push(item: T): void {
    this.#ring.push(item);
  }

  take(): T {
    return this.#ring.shift() as T;
  }

  clear(): void {
    this.#ring.clear();
  }
}

/**
 * Last in, first out: an array used as a stack.
 * @internal
 * @example
 * const store = new StackStore<string>();
 * store.push("a"); store.push("b");
 * store.take(); // "b"
 */
export class StackStore<T> implements Store<T> {
  readonly #items: T[] = [];

  get length(): number {
    return this.#items.length;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  take(): T {
    return this.#items.pop() as T;
  }

  clear(): void {
    this.#items.length = 0;
  }
}
