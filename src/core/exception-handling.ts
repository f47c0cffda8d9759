import { defaultExceptionHandler } from "./default-exception-handler.js";
import type { ExceptionContext } from "./future.js";

/**
 * asyncio's exception handler: `handler(loop, context)`.
 * @example
 * const handler: ExceptionHandler<Loop> = (_loop, ctx) => console.error(ctx.message);
 */
export type ExceptionHandler<L> = (loop: L, context: ExceptionContext) => void;

/**
 * Where a loop's errors that nobody else can receive go: the handler set with
 * `setExceptionHandler`, or stderr. A handler that throws is itself reported to stderr, so an
 * error is never lost and the loop never breaks on it.
 * @internal
 */
export class ExceptionHandling<L> {
  readonly #loop: L;
  #handler: ExceptionHandler<L> | null = null;

  constructor(loop: L) {
    this.#loop = loop;
  }

  get handler(): ExceptionHandler<L> | null {
    return this.#handler;
  }

  set(handler: ExceptionHandler<L> | null): void {
    if (handler !== null && typeof handler !== "function") {
      throw new TypeError(
        "setExceptionHandler() needs a function (loop, context) => void, or null",
      );
    }
    this.#handler = handler;
  }

  call(context: ExceptionContext): void {
    const handler = this.#handler;
    if (handler !== null) {
      try {
        handler(this.#loop, context);
        return;
      } catch (error) {
        defaultExceptionHandler({
          message: "the exception handler itself failed",
          exception: error,
        });
      }
    }
    defaultExceptionHandler(context);
  }
}
