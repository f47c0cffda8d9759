import { describeValue } from "../../core/internal.js";
import type { Compare } from "./python-order.js";
import type { Store } from "./store.js";

/**
 * A binary min-heap that is stable: items that tie come out in the order they were put (each
 * carries a sequence number, in a parallel array, so there is no wrapper object per item).
 *
 * ```
 *   items: [ 1  4  2  7  5 ]          1          parent of i: (i - 1) >> 1
 *   seqs:  [ 3  0  4  1  2 ]        4   2        children of i: 2i + 1, 2i + 2
 *                                  7 5
 * ```
 * Rule: no item comes before its parent in (compare, sequence) order, so the root is next.
 *
 * `compare` is user code and may throw (or meet items it cannot order): every sift finds where
 * the item goes by comparing first and moves items only afterwards, so a throwing comparison
 * leaves the heap exactly as it was.
 * @internal
 * @example
 * const heap = new HeapStore<[number, string]>((a, b) => a[0] - b[0]);
 * heap.push([2, "b"]); heap.push([1, "x"]); heap.push([1, "y"]);
 * heap.take(); // [1, "x"]: lowest first, ties in the order they came
 */
export class HeapStore<T> implements Store<T> {
  readonly #compare: Compare<T>;
  readonly #items: T[] = [];
  readonly #seqs: number[] = [];
  /** Scratch for take(): the slots an item moves up from, reused to avoid an array per take. */
  readonly #path: number[] = [];
  #nextSeq = 0;

  constructor(compare: Compare<T>) {
    this.#compare = compare;
  }

  get length(): number {
    return this.#items.length;
  }

  push(item: T): void {
    const items = this.#items;
    const seqs = this.#seqs;
    const seq = this.#nextSeq;
    let pos = items.length;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (!this.#before(item, seq, items[parent] as T, seqs[parent] as number)) break;
      pos = parent;
    }
    // Compared without throwing: now move the ancestors on the way down one level each.
    this.#nextSeq++;
    let hole = items.length;
    items.push(item);
    seqs.push(seq);
    while (hole > pos) {
      const parent = (hole - 1) >> 1;
      items[hole] = items[parent] as T;
      seqs[hole] = seqs[parent] as number;
      hole = parent;
    }
    items[pos] = item;
    seqs[pos] = seq;
  }

  take(): T {
    const items = this.#items;
    const seqs = this.#seqs;
    const top = items[0] as T;
    const n = items.length - 1; // the size once the root is gone
    if (n === 0) {
      items.pop();
      seqs.pop();
      return top;
    }
    // The last item fills the root's place: find where it sinks to, comparing only.
    const last = items[n] as T;
    const lastSeq = seqs[n] as number;
    const path = this.#path;
    path.length = 0;
    let pos = 0;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      const right = child + 1;
      if (
        right < n &&
        this.#before(
          items[right] as T,
          seqs[right] as number,
          items[child] as T,
          seqs[child] as number,
        )
      ) {
        child = right;
      }
      if (!this.#before(items[child] as T, seqs[child] as number, last, lastSeq)) break;
      path.push(child);
      pos = child;
    }
    let hole = 0;
    for (const child of path) {
      items[hole] = items[child] as T;
      seqs[hole] = seqs[child] as number;
      hole = child;
    }
    items[hole] = last;
    seqs[hole] = lastSeq;
    items.length = n;
    seqs.length = n;
    return top;
  }

  clear(): void {
    this.#items.length = 0;
    this.#seqs.length = 0;
  }

  /** Whether (a, aSeq) comes out before (b, bSeq). */
  #before(a: T, aSeq: number, b: T, bSeq: number): boolean {
    const order = this.#compare(a, b);
    if (typeof order === "number") {
      if (order < 0) return true;
      if (order > 0) return false;
      if (order === 0) return aSeq < bSeq;
    }
    throw new TypeError(
      `PriorityQueue's compare(a, b) returned ${describeValue(order)}; it must return a number: negative when a comes out first, positive when b does, 0 for a tie`,
    );
  }
}
