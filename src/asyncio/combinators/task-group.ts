import {
  type Awaitable,
  CancelledError,
  type Coroutine,
  currentTask,
  ExceptionGroup,
  getRunningLoop,
  type Loop,
  RuntimeError,
  type Task,
  type TaskOptions,
  type TaskSource,
} from "../../core/index.js";
import { describeValue, type FutureListener, isGenerator, WaitQueue } from "../../core/internal.js";
import { checkInlineBody, InlineRun } from "./inline.js";

type GroupState = "new" | "running" | "exiting" | "finished";

/** Marks "the body did not throw" (a body may throw undefined). */
const NO_ERROR: unique symbol = Symbol("no error");

/**
 * A group of tasks whose body runs inline in the parent task (asyncio.TaskGroup, 3.11 semantics).
 * The group ends when its body has returned and every task in it is done. The first failure — of
 * a task or of the body — cancels the other tasks and the body, and every failure comes out as one
 * `ExceptionGroup("unhandled errors in a TaskGroup")` whose `exceptions` are in order of failure.
 * A cancellation of the parent from outside propagates as CancelledError.
 *
 * How the body is stopped: the group cancels the parent task itself and records that it did
 * (`#parentCancelRequested`); on exit it withdraws exactly that request with `uncancel()`, so a
 * cancellation that came from outside is still pending afterwards and propagates.
 *
 * ```
 *   new ──run()──> running ──body returns/throws──> exiting ──last task done──> finished
 *                     └─ first failure: aborting (tasks and body cancelled; no new tasks)
 * ```
 * @example
 * const [a, b] = yield* taskGroup(function* (tg) {
 *   return [tg.createTask(fetchCount("a")), tg.createTask(fetchCount("b"))];
 * });
 * console.log(a.result() + b.result()); // both are done: the group waited for them
 */
export class TaskGroup {
  #state: GroupState = "new";
  #loop: Loop | null = null;
  #parent: Task<unknown> | null = null;
  #aborting = false;
  #parentCancelRequested = false;
  readonly #tasks = new Set<Task<unknown>>();
  readonly #errors: unknown[] = [];
  /** While exiting: completed when the last task is done. */
  /** The task running the group, parked until its tasks are done (made at the first wait). */
  #exiting: WaitQueue<void> | null = null;
  readonly #onTaskDone: FutureListener = {
    futureDone: (task) => this.#taskDone(task as Task<unknown>),
  };

  /**
   * Starts `body` as a task of this group (as `createTask`). Refused once the group has finished,
   * or while it is shutting down after a failure.
   */
  createTask<T>(body: TaskSource<T>, options: TaskOptions = {}): Task<T> {
    let refusal: string | null = null;
    if (this.#state === "new") {
      refusal =
        "has not started; create tasks in its body: taskGroup(function* (tg) { tg.createTask(...); })";
    } else if (
      this.#state === "finished" ||
      (this.#state === "exiting" && this.#tasks.size === 0)
    ) {
      refusal =
        "has finished (its body returned and all its tasks are done); start a new taskGroup to run more tasks";
    } else if (this.#aborting) {
      refusal = "is shutting down after a failure or a cancellation, so it accepts no new tasks";
    }
    if (refusal !== null) {
      if (isGenerator(body)) body.return(undefined as T); // never started: close it, as asyncio does
      throw new RuntimeError(`TaskGroup.createTask(): the group ${refusal}`);
    }
    const task = this.#loop!.createTask(body, options);
    this.#tasks.add(task as Task<unknown>);
    task.addListener(this.#onTaskDone);
    return task;
  }

  /**
   * Runs `body(this)` inline in the current task and evaluates to its return value once the body
   * and every task of the group are done. A TaskGroup runs one body.
   */
  run<T>(body: (group: TaskGroup) => Coroutine<T>): Awaitable<T> {
    checkInlineBody(
      "taskGroup",
      body,
      "taskGroup(function* (tg) { ... })",
      "write the body as a generator function, so the group can cancel it",
    );
    return new InlineRun("taskGroup", () => this.#runInline(body));
  }

  /** The group in reports: "TaskGroup with 2 tasks running". */
  describe(): string {
    const n = this.#tasks.size;
    return `TaskGroup with ${n} task${n === 1 ? "" : "s"} running`;
  }

  *#runInline<T>(body: (group: TaskGroup) => Coroutine<T>): Coroutine<T> {
    this.#enter();
    let bodyError: unknown = NO_ERROR;
    let result: T | undefined;
    try {
      const coro = body(this);
      if (!isGenerator(coro)) {
        throw new TypeError(
          `taskGroup()'s body returned ${describeValue(coro)}; it must be a generator function (function* (tg) { ... })`,
        );
      }
      result = yield* coro;
    } catch (error) {
      bodyError = error;
      // In order of failure: the body's error comes before those of the tasks it brings down.
      if (!(error instanceof CancelledError)) this.#errors.push(error);
    }
    yield* this.#exit(bodyError);
    if (bodyError !== NO_ERROR) throw bodyError; // not reached: #exit throws whenever the body did
    return result as T;
  }

  #enter(): void {
    if (this.#state !== "new") {
      throw new RuntimeError(
        "this TaskGroup was already used; a TaskGroup runs one body: make a new one",
      );
    }
    const parent = currentTask();
    if (parent === null) {
      throw new RuntimeError(
        "taskGroup() needs a running task: use `yield* taskGroup(function* (tg) { ... })` inside a task, or `await` it from an async function",
      );
    }
    this.#loop = getRunningLoop();
    this.#parent = parent;
    this.#state = "running";
  }

  *#exit(bodyError: unknown): Coroutine<void> {
    this.#state = "exiting";
    const parent = this.#parent!;
    let propagate: CancelledError | null = bodyError instanceof CancelledError ? bodyError : null;
    if (bodyError !== NO_ERROR && !this.#aborting) {
      this.#abort(
        propagate !== null
          ? "the task running its TaskGroup was cancelled"
          : "the body of its TaskGroup failed",
      );
    }
    // Loop: the parent may be cancelled again (from outside) while it waits for the tasks.
    let pendingCancel: CancelledError | null = null;
    while (this.#tasks.size > 0) {
      this.#exiting ??= new WaitQueue<void>(this);
      try {
        yield* this.#exiting.park();
      } catch (error) {
        if (!(error instanceof CancelledError)) throw error;
        pendingCancel = error;
        if (!this.#aborting) {
          propagate = error; // cancelled from outside while waiting for the tasks
          this.#abort("the task running its TaskGroup was cancelled");
        }
      }
    }
    this.#state = "finished";
    if (this.#parentCancelRequested) {
      // Withdraw exactly our own request; whatever remains came from outside and must propagate.
      if (parent.uncancel() === 0) propagate = null;
      else if (propagate === null) propagate = pendingCancel;
    }
    const errors = this.#errors;
    if (errors.length === 0) {
      if (propagate !== null) throw propagate;
      return;
    }
    // Failures win over a cancellation from outside, which the ExceptionGroup would swallow: take
    // back one request and make it again, so it is delivered at the parent's next wait.
    if (parent.cancelling() > 0) {
      parent.uncancel();
      parent.cancel();
    }
    throw new ExceptionGroup("unhandled errors in a TaskGroup", [...errors]);
  }

  #abort(reason: string): void {
    this.#aborting = true;
    for (const task of this.#tasks) if (!task.done()) task.cancel(`${reason}; cancelling the rest`);
  }

  #taskDone(task: Task<unknown>): void {
    const tasks = this.#tasks;
    tasks.delete(task);
    if (tasks.size === 0 && this.#exiting !== null && this.#exiting.length > 0) {
      this.#exiting.unparkAll();
    }
    if (task.cancelled()) return;
    try {
      task.result();
      return;
    } catch (error) {
      this.#errors.push(error);
    }
    const parent = this.#parent!;
    if (parent.done()) {
      this.#loop!.callExceptionHandler({
        message: `${task.describe()} of a TaskGroup failed after the task running the group (${parent.describe()}) had finished`,
        exception: this.#errors[this.#errors.length - 1],
        task,
      });
      return;
    }
    if (!this.#aborting && !this.#parentCancelRequested) {
      this.#abort(`${task.describe()} of its TaskGroup failed`);
      this.#parentCancelRequested = true;
      parent.cancel(`${task.describe()} of its TaskGroup failed`);
    }
  }
}

/**
 * Runs `body(tg)` inline in the current task; tasks it starts with `tg.createTask(...)` belong to
 * the group, and `yield* taskGroup(...)` evaluates to the body's return value once they are all
 * done. The first failure cancels the rest (and the body); the failures come out together as one
 * `ExceptionGroup`. Cancelling the task that runs the group cancels the group's tasks and
 * propagates as CancelledError. From an async function, `await taskGroup(...)` runs the body in a
 * helper task.
 * @example
 * try {
 *   yield* taskGroup(function* (tg) {
 *     for (const url of urls) tg.createTask(download(url), { name: url });
 *   });
 * } catch (e) {
 *   if (e instanceof ExceptionGroup) for (const err of e.exceptions) console.error(err);
 * }
 */
export function taskGroup<T>(body: (group: TaskGroup) => Coroutine<T>): Awaitable<T> {
  return new TaskGroup().run(body);
}
