import { describeValue } from "./describe.js";
import { runningLoop } from "./loop.js";
import type { WaitTarget } from "./traps.js";

/**
 * The options every primitive takes as its last constructor argument.
 * @example
 * const lock = new Lock({ name: "accounts" }); // reports say "Lock 'accounts'"
 */
export interface PrimitiveOptions {
  /** The name used in reports (`describe()`, deadlock reports, monitors); without one: `Lock#1`. */
  name?: string;
}

/**
 * A named primitive, as monitors list it: its description and a statistics snapshot.
 * @example
 * for (const p of namedPrimitives()) console.log(p.describe(), p.statistics());
 */
export interface NamedPrimitive extends WaitTarget {
  statistics(): object;
}

/** Primitives created with a name, held weakly: naming one is what makes a monitor list it. */
const named = new Set<WeakRef<NamedPrimitive>>();
const forget = new FinalizationRegistry<WeakRef<NamedPrimitive>>((ref) => named.delete(ref));

/** How many primitives of each kind were created without a name outside any loop. */
const unnamedOutsideLoops = new Map<string, number>();

/**
 * Checks a primitive's options and returns its description for reports: `Lock 'accounts'` when
 * named (the primitive is then listed by {@link namedPrimitives}), else `Lock#<n>`, numbered per
 * kind in creation order — per loop when a loop is running, so the same program names its
 * primitives the same way every run.
 * @example
 * this.#name = primitiveName("Queue", options, this); // "Queue 'jobs'" or "Queue#1"
 */
export function primitiveName(
  kind: string,
  options: PrimitiveOptions | undefined,
  primitive: NamedPrimitive,
): string {
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
  const ref = new WeakRef(primitive);
  named.add(ref);
  forget.register(primitive, ref);
  return `${kind} '${name}'`;
}

/**
 * The primitives (locks, semaphores, events, conditions, barriers, queues) created with a name
 * and still alive, oldest first: what a monitor shows with their `statistics()`.
 * @example
 * const db = new Lock({ name: "db" });
 * namedPrimitives().map((p) => p.describe()); // [..., "Lock 'db'"]
 */
export function namedPrimitives(): NamedPrimitive[] {
  const alive: NamedPrimitive[] = [];
  for (const ref of named) {
    const primitive = ref.deref();
    if (primitive !== undefined) alive.push(primitive);
  }
  return alive;
}

function numbered(kind: string): string {
  const loop = runningLoop.value;
  if (loop !== null) return `${kind}#${loop.nextPrimitiveNumber(kind)}`;
  const n = (unnamedOutsideLoops.get(kind) ?? 0) + 1;
  unnamedOutsideLoops.set(kind, n);
  return `${kind}#${n}`;
}
