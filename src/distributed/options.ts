// Checks shared by the executor's and the worker's options.
import { describeValue } from "../core/internal.js";

/**
 * A queue name BullMQ can use as part of its Redis keys: not empty, no `:` (the key separator),
 * no whitespace or braces (Redis Cluster hash tags). @internal
 */
export function checkQueueName(queue: unknown, where: string): string {
  if (typeof queue !== "string" || queue === "") {
    throw new TypeError(`${where}: queue must be a non-empty string, got ${describeValue(queue)}`);
  }
  const bad = /[:\s{}]/.exec(queue);
  if (bad !== null) {
    throw new RangeError(
      `${where}: queue ${JSON.stringify(queue)} contains ${JSON.stringify(bad[0])}, which Redis keys use as a separator or hash tag; name it with letters, digits, "-", "_" or "."`,
    );
  }
  return queue;
}

/** A time option in seconds: a number > 0 (or >= 0 with `zero`), Infinity only with `zero`. @internal */
export function checkSeconds(
  value: unknown,
  fallback: number,
  name: string,
  where: string,
  zero = false,
): number {
  const v = value ?? fallback;
  const ok =
    typeof v === "number" && !Number.isNaN(v) && (zero ? v >= 0 : v > 0 && Number.isFinite(v));
  if (!ok) {
    throw new RangeError(
      `${where}: ${name} must be a number of seconds ${zero ? ">= 0" : "> 0"}, got ${String(value)}`,
    );
  }
  return v as number;
}
