import type { Coroutine, Future, Task } from "../asyncio/index.js";
import type { Greenlet } from "./greenlet.js";
import { getHub, withDeadline } from "./hub.js";

/** A greenlet spawned while its pool was full: started on `gate`, which opens with its slot. */
interface InLine {
  readonly greenlet: Greenlet<unknown>;
  readonly gate: Future<void>;
}

/**
 * The slots of a gevent {@link Pool}: which greenlets hold one, which wait for one.
 *
 * ```
 *   admit(g) ── a slot free? ──yes──> holders: g starts now (runs when the caller yields)
 *                   │ no
 *                   └──> line: g starts on a gate, so it is joinable and killable at once
 *
 *   a holder ends ──> its slot goes to the first live greenlet in line (its gate opens);
 *                     with nobody in line, every untilFree() waiter wakes and looks again
 * ```
 *
 * Invariants: `holders.size <= size`; the line is non-empty only while every slot is held (a
 * freed slot goes straight to the line's head), so `free() > 0` means nobody waits in line.
 * @internal
 */
export class PoolSlots {
  readonly #size: number;
  readonly #name: string;
  readonly #holders = new Map<Task<unknown>, Greenlet<unknown>>();
  #line: InLine[] = [];
  #waiters: Future<void>[] = [];

  constructor(size: number, name: string) {
    this.#size = size;
    this.#name = name;
  }

  /** Slots not held now. */
  free(): number {
    return this.#size - this.#holders.size;
  }

  /** Greenlets holding a slot (running, or about to run). */
  get running(): number {
    return this.#holders.size;
  }

  /** Greenlets in line for a slot (those killed while waiting excluded). */
  waiting(): number {
    let n = 0;
    for (const entry of this.#line) if (live(entry)) n++;
    return n;
  }

  /** Every greenlet of the pool not known to be finished: holders, then the line. */
  greenlets(): Greenlet<unknown>[] {
    return [...this.#holders.values(), ...this.#line.filter(live).map((e) => e.greenlet)];
  }

  /** Starts `g` with a slot if one is free, else in line for one (see the diagram). */
  admit(g: Greenlet<unknown>): void {
    if (this.free() > 0) {
      g.start();
      this.#hold(g);
      return;
    }
    const gate = getHub().createFuture<void>(`${this.#name} slot`);
    g.startAfter(gate);
    this.#line.push({ greenlet: g, gate });
  }

  /**
   * Parks until a slot is free (at once if one is), or `timeout` seconds pass (negative: do not
   * wait). A slot found free is not reserved: spawn at once, before yielding, to take it.
   */
  *untilFree(timeout: number | null | undefined): Coroutine<void> {
    const hub = getHub();
    const deadline = timeout === undefined || timeout === null ? null : hub.time() + timeout;
    while (this.free() === 0) {
      const left = deadline === null ? null : deadline - hub.time();
      if (left !== null && left <= 0) return;
      const wake = hub.createFuture<void>(`${this.#name}.waitAvailable()`);
      this.#waiters.push(wake);
      try {
        yield* withDeadline(left, wake, () => undefined);
      } finally {
        const at = this.#waiters.indexOf(wake);
        if (at >= 0) this.#waiters.splice(at, 1);
      }
    }
  }

  #hold(g: Greenlet<unknown>): void {
    const task = g.task as Task<unknown>;
    this.#holders.set(task, g);
    task.addListener(this.#released);
  }

  /** One listener for every holder: its end frees its slot for the line, else for the waiters. */
  readonly #released = {
    futureDone: (task: Future<unknown>): void => {
      this.#holders.delete(task as Task<unknown>);
      while (this.#line.length > 0) {
        const next = this.#line.shift() as InLine;
        if (!live(next)) continue; // killed while in line: it never needs the slot
        this.#hold(next.greenlet);
        next.gate.setResult();
        return;
      }
      // Everyone looks again: a waiter woken alone might not spawn, and the slot would idle.
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const w of waiters) if (!w.done()) w.setResult();
    },
  };
}

function live(entry: InLine): boolean {
  return !entry.gate.done() && !entry.greenlet.dead;
}
