import { describeValue } from "./describe.js";

/**
 * The options every primitive takes as its last constructor argument.
 * @example
 * const lock = new Lock({ name: "accounts" }); // reports say "Lock 'accounts'"
 */
export interface PrimitiveOptions {
  /** The name used in reports (`describe()`, deadlock reports); without one: `Lock#1`. */
  name?: string;
}

/** How many primitives of each kind were created without a name: `Lock#3` is the third. */
const unnamed = new Map<string, number>();

/**
 * Checks a primitive's options and returns its description for reports: `Lock 'accounts'` when
 * named, else `Lock#<n>`, numbered per kind in creation order.
 * @internal Shared by the locks and the queues.
 * @example
 * this.#name = primitiveName("Queue", options); // "Queue 'jobs'" or "Queue#1"
 */
export function primitiveName(kind: string, options: PrimitiveOptions | undefined): string {
  if (options === undefined) return numbered(kind);
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(
      `${kind} options must be an object like { name: "jobs" }; got ${describeValue(options)}`,
    );
  }
  const name = options.name;
  if (name === undefined) return numbered(kind);
  if (typeof name !== "string") {
    throw new TypeError(`${kind} options.name must be a string; got ${describeValue(name)}`);
  }
  return `${kind} '${name}'`;
}

function numbered(kind: string): string {
  const n = (unnamed.get(kind) ?? 0) + 1;
  unnamed.set(kind, n);
  return `${kind}#${n}`;
}
