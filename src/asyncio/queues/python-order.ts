import { describeValue } from "../../core/internal.js";

/**
 * How a {@link PriorityQueue} orders its items: negative when `a` comes out first, positive when
 * `b` does, 0 when they tie (ties come out in the order they were put).
 * @example
 * const byDeadline: Compare<Job> = (a, b) => a.deadline - b.deadline;
 */
export type Compare<T> = (a: T, b: T) => number;

/**
 * Whether `value` is of a kind {@link pythonOrder} can place: checked at `put`, for a clear error.
 * @internal
 * @example
 * isOrderable([1, "job"]); // true
 * isOrderable({ id: 1 }); // false
 */
export function isOrderable(value: unknown): boolean {
  const kind = typeof value;
  return kind === "number" || kind === "bigint" || kind === "string" || Array.isArray(value);
}

/**
 * The default order of a PriorityQueue, Python's `<` on the values asyncio users put in one:
 * numbers (and bigints) by value, strings by code unit, arrays element by element like tuples
 * (`[1, "b"] < [2, "a"]`, and a prefix comes first). The same object ties with itself. Anything
 * else cannot be ordered: a TypeError saying what to do, as Python raises one.
 * @internal
 * @example
 * pythonOrder([1, "job"], [0, "other"]); // 1: [0, ...] comes out first
 */
export function pythonOrder(a: unknown, b: unknown): number {
  if (a === b) return 0;
  const ka = typeof a;
  const kb = typeof b;
  if ((ka === "number" || ka === "bigint") && (kb === "number" || kb === "bigint")) {
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  }
  if (ka === "string" && kb === "string") return (a as string) < (b as string) ? -1 : 1;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const order = pythonOrder(a[i], b[i]);
      if (order !== 0) return order;
    }
    return a.length - b.length;
  }
  throw new TypeError(
    `PriorityQueue cannot order ${describeValue(a)} against ${describeValue(b)}: its default order compares numbers, strings, and arrays of them element by element (like Python tuples). Put [priority, item] entries whose priorities are numbers or strings, or pass { compare: (a, b) => a[0] - b[0] } to order by priority alone (ties then come out in the order they were put)`,
  );
}
