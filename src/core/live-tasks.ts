/** What the list needs of a task: two links it owns. @internal */
export interface Linked<T> {
  prevLive: T | null;
  nextLive: T | null;
}

/**
 * The loop's unfinished tasks, in creation order: an intrusive doubly linked list, so adding and
 * removing a task is a few pointer writes, with no hashing and no allocation (a Set costs both,
 * and spawning 100k tasks made that visible).
 *
 * ```
 *   head ⇄ t1 ⇄ t2 ⇄ t3 ⇄ tail      remove(t2): t1.next = t3, t3.prev = t1
 * ```
 * Invariant: a task is linked exactly while it is unfinished; its links are null otherwise.
 * @internal
 */
export class LiveTasks<T extends Linked<T>> {
  #head: T | null = null;
  #tail: T | null = null;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  add(task: T): void {
    task.prevLive = this.#tail;
    task.nextLive = null;
    if (this.#tail === null) this.#head = task;
    else this.#tail.nextLive = task;
    this.#tail = task;
    this.#size++;
  }

  remove(task: T): void {
    const { prevLive, nextLive } = task;
    if (prevLive === null && this.#head !== task) return; // not linked
    if (prevLive === null) this.#head = nextLive;
    else prevLive.nextLive = nextLive;
    if (nextLive === null) this.#tail = prevLive;
    else nextLive.prevLive = prevLive;
    task.prevLive = null;
    task.nextLive = null;
    this.#size--;
  }

  *[Symbol.iterator](): Generator<T, void, undefined> {
    for (let t = this.#head; t !== null; t = t.nextLive) yield t;
  }
}
