/**
 * A growable FIFO ring buffer: O(1) push and shift with no per-item allocation
 * (`Array.prototype.shift` is O(n) once an array leaves V8's fast path).
 *
 * ```
 *   capacity 8, head 5, length 4:    [ c d . . . a b ]    shift() -> a, push(e) -> slot 2
 *                                          ^tail   ^head
 * ```
 * Invariant: capacity is a power of two, so `index & mask` wraps; `length <= capacity`.
 * @example
 * const ring = new Ring<string>();
 * ring.push("a"); ring.push("b");
 * ring.shift(); // "a"
 */
export class Ring<T> {
  #items: (T | undefined)[];
  #mask: number;
  #head = 0;
  #length = 0;

  constructor(initialCapacity = 16) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity *= 2;
    this.#items = new Array<T | undefined>(capacity).fill(undefined);
    this.#mask = capacity - 1;
  }

  get length(): number {
    return this.#length;
  }

  push(item: T): void {
    if (this.#length > this.#mask) this.#grow();
    this.#items[(this.#head + this.#length) & this.#mask] = item;
    this.#length++;
  }

  /** Removes and returns the oldest item, or undefined when empty. */
  shift(): T | undefined {
    if (this.#length === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined; // let the GC have it
    this.#head = (this.#head + 1) & this.#mask;
    this.#length--;
    return item;
  }

  /** The oldest item without removing it. */
  peek(): T | undefined {
    return this.#length === 0 ? undefined : this.#items[this.#head];
  }

  /** Removes and returns the item at `index` (0 = oldest); O(n), for rare removals. */
  removeAt(index: number): T | undefined {
    if (index < 0 || index >= this.#length) return undefined;
    const items = this.#items;
    const mask = this.#mask;
    const item = items[(this.#head + index) & mask];
    for (let i = index; i < this.#length - 1; i++) {
      items[(this.#head + i) & mask] = items[(this.#head + i + 1) & mask];
    }
    items[(this.#head + this.#length - 1) & mask] = undefined;
    this.#length--;
    return item;
  }

  /** The item at `index` (0 = oldest), or undefined. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.#length) return undefined;
    return this.#items[(this.#head + index) & this.#mask];
  }

  clear(): void {
    this.#items.fill(undefined);
    this.#head = 0;
    this.#length = 0;
  }

  *[Symbol.iterator](): Generator<T, void, undefined> {
    for (let i = 0; i < this.#length; i++) yield this.#items[(this.#head + i) & this.#mask] as T;
  }

  #grow(): void {
    const old = this.#items;
    const capacity = old.length * 2;
    const items = new Array<T | undefined>(capacity).fill(undefined);
    for (let i = 0; i < this.#length; i++) items[i] = old[(this.#head + i) & this.#mask];
    this.#items = items;
    this.#mask = capacity - 1;
    this.#head = 0;
  }
}
