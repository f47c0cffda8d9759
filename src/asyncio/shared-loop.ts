import {
  CancelledError,
  type Coroutine,
  type Future,
  type Loop,
  type Task,
  type TaskSource,
} from "../core/index.js";

/**
 * One `run()` call on the shared loop: its main task, and what its caller's promise settles with.
 */
interface Session {
  readonly main: Task<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The loop that overlapping `run()` calls share. The first `run()` made by ordinary code creates
 * and drives it; a `run()` made while it runs (an HTTP handler answering a second request, say)
 * becomes another session on it. Each session settles with its own main's outcome once its
 * leftover tasks have unwound; the loop closes when the last session ends.
 *
 * ```
 *   run(a) ──> new loop, session a ──────────────┐
 *        run(b) ──> session b ────┐              │ each: main done → its leftovers cancelled
 *                                 └─ b settles   └─ a settles → no session left → loop closes
 * ```
 * Invariant: `#sessions` holds exactly the sessions whose caller has not been settled; `#idle`
 * is completed when it becomes empty, which ends the driving `runUntilComplete`.
 */
export class SharedLoop {
  readonly loop: Loop;
  readonly #sessions = new Set<Session>();
  #idle: Future<void> | null = null;
  /** Settlings held back until the loop has closed (the last session's, or every session's on
   * a deadlock), so that their callers may run() anew at once. */
  readonly #afterClose: (() => void)[] = [];
  readonly #closed: Promise<void>;
  #markClosed: () => void = () => {};

  /** Whether the last session ended: no new session may join; wait for `closed`. */
  get closing(): boolean {
    return this.#idle?.done() ?? false;
  }

  /** Settles once the loop has shut down and closed. */
  get closed(): Promise<void> {
    return this.#closed;
  }

  constructor(loop: Loop) {
    this.loop = loop;
    this.#closed = new Promise((resolve) => {
      this.#markClosed = resolve;
    });
  }

  /** Drives the loop until no session is left, then runs `shutDown`, then `onEnd`. */
  drive(shutDown: () => Promise<void>, onEnd: () => void): void {
    const idle = this.loop.createFuture<void>("the last run() session");
    this.#idle = idle;
    this.loop
      .runUntilComplete(idle)
      .catch((error: unknown) => this.#failAll(error)) // a deadlock: every caller hears of it
      .then(shutDown)
      .finally(() => {
        onEnd();
        this.#markClosed();
        for (const settle of this.#afterClose) settle();
      });
  }

  /** Starts a session for `main`: a promise of its result, settled after its leftovers unwind. */
  session<T>(main: TaskSource<T>, name: string, signal: AbortSignal | undefined): Promise<T> {
    const task = this.loop.createTask(main, { name });
    return new Promise<T>((resolve, reject) => {
      const session: Session = { main: task, resolve: resolve as (v: unknown) => void, reject };
      this.#sessions.add(session);
      if (signal !== undefined) {
        const cancel = () => task.cancel(abortMessage(signal));
        if (signal.aborted) cancel();
        else signal.addEventListener("abort", cancel, { once: true });
        task.addDoneCallback(() => signal.removeEventListener("abort", cancel));
      }
      task.addDoneCallback(() => this.#mainDone(session));
    });
  }

  /** The session's main finished: its leftovers are cancelled; it settles once they unwind. */
  #mainDone(session: Session): void {
    if (!this.#sessions.has(session)) return; // already failed (the loop deadlocked)
    const main = session.main;
    const leftovers = this.loop.liveTasks().filter((t) => descendsFrom(t, main));
    if (leftovers.length === 0) {
      this.#settle(session);
      return;
    }
    for (const task of leftovers) task.cancel("run() is finishing: main returned before this task");
    this.loop.createTask(this.#unwind(session, leftovers), {
      name: `${main.getName()}'s leftovers`,
    });
  }

  *#unwind(session: Session, leftovers: readonly Task<unknown>[]): Coroutine<void> {
    for (const task of leftovers) {
      try {
        yield* task;
      } catch (error) {
        if (!(error instanceof CancelledError)) {
          this.loop.callExceptionHandler({
            message: "unhandled exception during run() shutdown",
            exception: error,
            task,
          });
        }
      }
    }
    this.#settle(session);
  }

  #settle(session: Session): void {
    this.#sessions.delete(session);
    const settle = () => {
      try {
        session.resolve(session.main.result());
      } catch (error) {
        session.reject(error);
      }
    };
    if (this.#sessions.size > 0 || this.#idle === null || this.#idle.done()) {
      settle();
      return;
    }
    // The last one: its caller hears once the loop is closed, as after asyncio.run().
    if (!session.main.cancelled()) session.main.exception(); // the caller's now, not "unretrieved"
    this.#afterClose.push(settle);
    this.#idle.setResult(undefined);
  }

  #failAll(error: unknown): void {
    for (const session of this.#sessions) this.#afterClose.push(() => session.reject(error));
    this.#sessions.clear();
  }
}

/** Whether `task` was created by `ancestor`, or by a task it created, and so on. */
function descendsFrom(task: Task<unknown>, ancestor: Task<unknown>): boolean {
  for (let t = task.parent(); t !== null; t = t.parent()) if (t === ancestor) return true;
  return false;
}

function abortMessage(signal: AbortSignal): string {
  const reason = signal.reason;
  if (reason instanceof Error) return `run() was aborted: ${reason.message}`;
  return "run() was aborted by its signal";
}
