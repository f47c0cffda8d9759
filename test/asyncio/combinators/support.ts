// Shared by the combinator tests.
import type { Coroutine, ExceptionContext, Loop } from "../../../src/asyncio/index.js";

/** Routes `loop`'s exception handler into a list, so a test can assert what was reported. */
export function reportsOf(loop: Loop): ExceptionContext[] {
  const reports: ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, context) => reports.push(context));
  return reports;
}

/** Runs `body` and evaluates to the error it throws (throws itself if `body` returns). */
export function* thrownBy(body: () => Coroutine<unknown>): Coroutine<unknown> {
  try {
    yield* body();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error, but the body returned");
}
