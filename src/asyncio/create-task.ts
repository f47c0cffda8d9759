import { getRunningLoop, type Task, type TaskOptions, type TaskSource } from "../core/index.js";

/**
 * Schedules `body` as a task on the running loop (asyncio.create_task). `body` is a generator, a
 * generator function, a Promise or an async function (which receives an AbortSignal that fires
 * when the task is cancelled).
 * @example
 * const t = createTask(function* () { yield* sleep(1); return "done"; }, { name: "worker" });
 * const v = yield* t; // "done"
 */
export function createTask<T>(body: TaskSource<T>, options: TaskOptions = {}): Task<T> {
  return getRunningLoop().createTask(body, options);
}
