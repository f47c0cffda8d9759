/**
 * How error messages of the coroutine face name values and functions. Internal: the index does
 * not re-export it.
 * @module
 */
import { inspect } from "node:util";

const MAX_LENGTH = 60;

/** A short, one-line rendering of any value, for error messages. */
export function describeValue(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  const text = inspect(value, { depth: 1, breakLength: Number.POSITIVE_INFINITY });
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}

// The constructors of the special function kinds are not globals; take them from an instance.
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}).constructor;

/** Says what kind of thing `value` is, e.g. "an async function `fetchAll`", "the number 3". */
export function describeKind(value: unknown): string {
  if (typeof value !== "function") {
    return value === null || value === undefined
      ? String(value)
      : `${typeof value} ${describeValue(value)}`;
  }
  const name = value.name ? ` \`${value.name}\`` : "";
  if (value instanceof AsyncGeneratorFunction) return `an async generator function${name}`;
  if (value instanceof AsyncFunction) return `an async function${name}`;
  const source = Function.prototype.toString.call(value);
  if (source.startsWith("class")) return `a class${name}`;
  // Arrows and methods have no own `prototype`; only arrows contain `=>` before their body.
  if (!Object.hasOwn(value, "prototype") && /^[^{]*=>/.test(source))
    return `an arrow function${name}`;
  return `an ordinary function${name}`;
}
