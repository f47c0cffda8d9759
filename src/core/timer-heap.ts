import type { TimerOwner } from "./handle.js";
import type { Runnable } from "./runnable.js";

/**
 * What the heap holds: a timer callback (`TimerHandle`) or a sleeping task's wait. The pass moves
 * a due entry to the ready queue and runs it there.
 * @internal
 */
export interface TimerEntry extends Runnable {
  /** The deadline, in loop seconds. */
  when(): number;
  /** Insertion order, to break ties between equal deadlines. */
  readonly seq: number;
  /** A cancelled entry is skipped when it reaches the top (lazy deletion). */
  cancelled(): boolean;
  /** The heap no longer holds it: a later cancel must not count against the heap. */
  detach(): void;
}

/** Below this many timers, cancelled ones are left for `pop` to skip (asyncio's 100). */
const MIN_TIMERS_TO_COMPACT = 100;
/** Compact when more than this fraction of the heap is cancelled (asyncio's 0.5). */
const CANCELLED_FRACTION_TO_COMPACT = 0.5;

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
 * The keys live in two Float64Arrays beside the timers: sifting compares numbers in contiguous
 * memory instead of chasing a pointer per comparison, which made popping 100k random timers
 * several times faster.
 * @internal
 */
export class TimerHeap implements TimerOwner {
  #deadlines = new Float64Array(64);
  #seqs = new Float64Array(64);
  #timers: (TimerEntry | undefined)[] = new Array(64).fill(undefined);
  #size = 0;
  #cancelled = 0;

  /** Timers in the heap, cancelled ones included. */
  get size(): number {
    return this.#size;
  }

  /** Live (not cancelled) timers. */
  get live(): number {
    return this.#size - this.#cancelled;
  }

  push(timer: TimerEntry): void {
    if (this.#size === this.#deadlines.length) this.#grow();
    this.#siftUp(this.#size++, timer.when(), timer.seq, timer);
  }

  /** The earliest live timer's deadline, or null when there is none. Drops cancelled tops. */
  nextDeadline(): number | null {
    this.#dropCancelledTop();
    return this.#size === 0 ? null : this.#deadlines[0]!;
  }

  /** Removes and returns the earliest live timer due at or before `now`, else null. */
  popDue(now: number): TimerEntry | null {
    this.#dropCancelledTop();
    if (this.#size === 0 || this.#deadlines[0]! > now) return null;
    const top = this.#popTop();
    top.detach();
    return top;
  }

  /** Called by a timer's `cancel()`. */
  timerCancelled(): void {
    this.#cancelled++;
    const n = this.#size;
    if (n > MIN_TIMERS_TO_COMPACT && this.#cancelled > n * CANCELLED_FRACTION_TO_COMPACT) {
      this.#compact();
    }
  }

  /** Empties the heap (the loop is closing). */
  clear(): void {
    for (let i = 0; i < this.#size; i++) this.#timers[i]!.detach();
    this.#timers.fill(undefined);
    this.#size = 0;
    this.#cancelled = 0;
  }

  #dropCancelledTop(): void {
    while (this.#size > 0 && this.#timers[0]!.cancelled()) {
      this.#popTop();
      this.#cancelled--;
    }
  }

  #siftUp(index: number, deadline: number, seq: number, timer: TimerEntry): void {
    const deadlines = this.#deadlines;
    const seqs = this.#seqs;
    const timers = this.#timers;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const d = deadlines[parent]!;
      if (d < deadline || (d === deadline && seqs[parent]! < seq)) break;
      deadlines[i] = d;
      seqs[i] = seqs[parent]!;
      timers[i] = timers[parent];
      i = parent;
    }
    deadlines[i] = deadline;
    seqs[i] = seq;
    timers[i] = timer;
  }

  #popTop(): TimerEntry {
    const deadlines = this.#deadlines;
    const seqs = this.#seqs;
    const timers = this.#timers;
    const top = timers[0]!;
    const n = --this.#size;
    const deadline = deadlines[n]!;
    const seq = seqs[n]!;
    const last = timers[n]!;
    timers[n] = undefined;
    if (n === 0) return top;
    // Sift `last` down from the root.
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (
        right < n &&
        (deadlines[right]! < deadlines[child]! ||
          (deadlines[right] === deadlines[child] && seqs[right]! < seqs[child]!))
      ) {
        child = right;
      }
      const d = deadlines[child]!;
      if (deadline < d || (deadline === d && seq < seqs[child]!)) break;
      deadlines[i] = d;
      seqs[i] = seqs[child]!;
      timers[i] = timers[child];
      i = child;
    }
    deadlines[i] = deadline;
    seqs[i] = seq;
    timers[i] = last;
    return top;
  }

  #grow(): void {
    const capacity = this.#deadlines.length * 2;
    const deadlines = new Float64Array(capacity);
    deadlines.set(this.#deadlines);
    const seqs = new Float64Array(capacity);
    seqs.set(this.#seqs);
    this.#deadlines = deadlines;
    this.#seqs = seqs;
    this.#timers.length = capacity;
    this.#timers.fill(undefined, this.#size);
  }

  #compact(): void {
    const live: TimerEntry[] = [];
    for (let i = 0; i < this.#size; i++) {
      const t = this.#timers[i]!;
      if (!t.cancelled()) live.push(t);
    }
    this.#timers.fill(undefined);
    this.#size = 0;
    this.#cancelled = 0;
    for (const t of live) this.#siftUp(this.#size++, t.when(), t.seq, t);
  }
}
