import type { TimerHandle, TimerOwner } from "./handle.js";

/** Below this many timers, cancelled ones are left for `pop` to skip (asyncio's 100). */
const MIN_TIMERS_TO_COMPACT = 100;
/** Compact when more than this fraction of the heap is cancelled (asyncio's 0.5). */
const CANCELLED_FRACTION_TO_COMPACT = 0.5;

function earlier(a: TimerHandle, b: TimerHandle): boolean {
  const wa = a.when();
  const wb = b.when();
  return wa < wb || (wa === wb && a.seq < b.seq);
}

/**
 * A binary min-heap of timers keyed on (deadline, insertion sequence), so equal deadlines run in
 * the order they were scheduled. Cancelling is O(1): a cancelled timer stays in the heap (lazy
 * deletion) and is skipped when it reaches the top; when more than half the heap is cancelled
 * (and it holds over 100 timers) it is rebuilt without them, so memory stays bounded.
 *
 * ```
 *            (1.0,#3)            parent i, children 2i+1 and 2i+2;
 *           /        \           every parent is earlier than its children
 *     (2.5,#1)      (1.2,#7)
 * ```
 */
export class TimerHeap implements TimerOwner {
  #heap: TimerHandle[] = [];
  #cancelled = 0;

  /** Timers in the heap, cancelled ones included. */
  get size(): number {
    return this.#heap.length;
  }

  /** Live (not cancelled) timers. */
  get live(): number {
    return this.#heap.length - this.#cancelled;
  }

  push(timer: TimerHandle): void {
    const heap = this.#heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!earlier(timer, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = timer;
  }

  /** The earliest live timer's deadline, or null when there is none. Drops cancelled tops. */
  nextDeadline(): number | null {
    this.#dropCancelledTop();
    const top = this.#heap[0];
    return top === undefined ? null : top.when();
  }

  /** Removes and returns the earliest live timer due at or before `now`, else null. */
  popDue(now: number): TimerHandle | null {
    this.#dropCancelledTop();
    const top = this.#heap[0];
    if (top === undefined || top.when() > now) return null;
    this.#popTop();
    top.detach();
    return top;
  }

  /** Called by a timer's `cancel()`. */
  timerCancelled(): void {
    this.#cancelled++;
    const n = this.#heap.length;
    if (n > MIN_TIMERS_TO_COMPACT && this.#cancelled > n * CANCELLED_FRACTION_TO_COMPACT) {
      this.#compact();
    }
  }

  /** Empties the heap (the loop is closing). */
  clear(): void {
    for (const t of this.#heap) t.detach();
    this.#heap = [];
    this.#cancelled = 0;
  }

  #dropCancelledTop(): void {
    const heap = this.#heap;
    while (heap.length > 0 && heap[0]!.cancelled()) {
      this.#popTop();
      this.#cancelled--;
    }
  }

  #popTop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    // Sift `last` down from the root.
    const n = heap.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && earlier(heap[right]!, heap[left]!) ? right : left;
      const c = heap[child]!;
      if (!earlier(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
  }

  #compact(): void {
    const live = this.#heap.filter((t) => !t.cancelled());
    this.#heap = [];
    this.#cancelled = 0;
    // Re-heapify bottom-up would be O(n); sorting keeps the code obvious and a sorted array is a heap.
    live.sort((a, b) => (earlier(a, b) ? -1 : 1));
    this.#heap = live;
  }
}
