import { Trap } from "./traps.js";

/**
 * What kind of thing `value` is, for error messages: "the number 42", "an async function 'load'",
 * "a plain object". It names the kind, not the contents, so it is short and never throws.
 * @internal
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case "number":
    case "boolean":
    case "bigint":
      return `the ${typeof value} ${String(value)}`;
    case "symbol":
      return `the symbol ${String(value)}`;
    case "function":
      return describeFunction(value as Function);
    case "object": {
      if (isGenerator(value)) return "a generator object";
      const name = (value as object).constructor?.name;
      if (!name || name === "Object") return "a plain object";
      return `${/^[AEIOU]/.test(name) ? "an" : "a"} ${name} object`;
    }
    default:
      return String(value);
  }
}

/** %GeneratorPrototype%: what every generator object inherits from, two steps up. */
const GeneratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf((function* () {})()));

/**
 * Whether `value` is a generator object. Reading `value.next` would be a megamorphic lookup (every
 * generator function has its own prototype), so check the prototype chain's shape first.
 * @internal
 */
export function isGenerator(value: unknown): value is Generator<unknown, unknown, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== null && Object.getPrototypeOf(proto) === GeneratorPrototype) return true;
  // Generator-like objects made by hand (or by transpilers) still qualify; a future, its own
  // iterator, does not.
  if (value instanceof Trap) return false;
  const g = value as Generator<unknown, unknown, unknown>;
  return (
    typeof g.next === "function" && typeof g.throw === "function" && typeof g.return === "function"
  );
}

// The constructors of the special function kinds are not globals; take them from instances.
const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}).constructor;

/** "a generator function 'g'", "an async function 'f'", "an arrow function", "a class 'C'"... */
function describeFunction(fn: Function): string {
  const name = fn.name ? ` '${fn.name}'` : "";
  if (fn instanceof GeneratorFunction) return `a generator function${name}`;
  if (fn instanceof AsyncGeneratorFunction) return `an async generator function${name}`;
  if (fn instanceof AsyncFunction) return `an async function${name}`;
  const source = Function.prototype.toString.call(fn);
  if (source.startsWith("class")) return `a class${name}`;
  // Arrows and methods have no own `prototype`; only arrows have `=>` before their body.
  if (!Object.hasOwn(fn, "prototype") && /^[^{]*=>/.test(source)) return `an arrow function${name}`;
  return `an ordinary function${name}`;
}
