import type { ExceptionContext } from "./future.js";

/** Prints what the exception handler received, the way asyncio logs it. @internal */
export function defaultExceptionHandler(context: ExceptionContext): void {
  const parts = [context.message];
  if (context.task) parts.push(`task: ${context.task.describe()}`);
  else if (context.future) parts.push(`future: ${context.future.describe()}`);
  const error = context.exception;
  if (error !== undefined)
    parts.push(error instanceof Error ? (error.stack ?? String(error)) : String(error));
  console.error(parts.join("\n"));
}
