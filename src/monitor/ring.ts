/**
 * The flight recorder's memory: `capacity` events in parallel typed arrays, written round and
 * round. The arrays are allocated once, so memory is fixed whatever the run's length; the
 * newest `capacity` events survive.
 * ```
 *   index:   0    1    2  …  head …  capacity-1
 *   kind:  [STEP|WAKE|STEP|…| next |…]          head: where the next event goes
 *   t, d, task, loop, a, b: the event's fields   count: events ever written
 * ```
 * An event is one row: `kind`, the loop's number, the task's number, a time `t` and duration
 * `d` (milliseconds, `performance.now()`), and two integers whose meaning depends on the kind.
 */
export const SPAWN = 1;
export const STEP = 2;
export const WAKE = 3;
export const CANCEL = 4;
export const DONE = 5;
export const IDLE = 6;
/** A pool job: loop 0, task = the worker's lane, a = the pool's name, b = worker << 1 | ok. */
export const JOB = 7;

/** Bytes per event, for the docs and the memory test: 1 + 2 + 4 + 8 + 4 + 4 + 4. */
export const EVENT_BYTES = 27;

export class EventRing {
  readonly capacity: number;
  readonly kind: Uint8Array;
  readonly loop: Uint16Array;
  readonly task: Int32Array;
  readonly t: Float64Array;
  readonly d: Float32Array;
  readonly a: Int32Array;
  readonly b: Int32Array;
  #head = 0;
  /** Events ever written (the ring holds the last min(count, capacity)). */
  count = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.kind = new Uint8Array(capacity);
    this.loop = new Uint16Array(capacity);
    this.task = new Int32Array(capacity);
    this.t = new Float64Array(capacity);
    this.d = new Float32Array(capacity);
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
  }

  /** Writes one event over the oldest. */
  write(
    kind: number,
    loop: number,
    task: number,
    t: number,
    d: number,
    a: number,
    b: number,
  ): void {
    const i = this.#head;
    this.kind[i] = kind;
    this.loop[i] = loop;
    this.task[i] = task;
    this.t[i] = t;
    this.d[i] = d;
    this.a[i] = a;
    this.b[i] = b;
    this.#head = i + 1 === this.capacity ? 0 : i + 1;
    this.count++;
  }

  /** The index of the oldest event held, and how many are held. */
  window(): { first: number; held: number } {
    const held = Math.min(this.count, this.capacity);
    const first = this.count > this.capacity ? this.#head : 0;
    return { first, held };
  }

  /** Bytes the ring's arrays take: fixed at construction. */
  get bytes(): number {
    return this.capacity * EVENT_BYTES;
  }
}
