/** A short, safe description of a value for error messages. */
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
      return `a function${value.name ? ` '${value.name}'` : ""}`;
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
 */
export function isGenerator(value: unknown): value is Generator<unknown, unknown, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== null && Object.getPrototypeOf(proto) === GeneratorPrototype) return true;
  // Generator-like objects made by hand (or by transpilers) still qualify.
  const g = value as Generator<unknown, unknown, unknown>;
  return (
    typeof g.next === "function" && typeof g.throw === "function" && typeof g.return === "function"
  );
}
