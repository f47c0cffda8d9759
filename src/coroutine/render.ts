/**
 * How error messages of the coroutine face render values. Internal: the index does not
 * re-export it.
 * @module
 */
import { inspect } from "node:util";

const MAX_LENGTH = 60;

/** A short, one-line rendering of a value's contents (what a coroutine returned). @internal */
export function renderValue(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  const text = inspect(value, { depth: 1, breakLength: Number.POSITIVE_INFINITY });
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}
