import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * A function a worker can import instead of receiving its source: `{ module, name }` names an
 * export of an ES module (an absolute path, a `file:` URL, or a package name).
 * @example
 * pool.submit({ module: new URL("./hash.js", import.meta.url), name: "sha256" }, data);
 */
export interface ModuleFunction {
  /** Absolute path, `file:` URL (string or URL) or bare package specifier. */
  readonly module: string | URL;
  /** The name of the export to call. */
  readonly name: string;
}

/** What `submit()` accepts as the work: a self-contained function or a module export. */
export type Portable<A extends unknown[] = unknown[], R = unknown> =
  | ((...args: A) => R)
  | ModuleFunction;

/**
 * A function reduced to what crosses into a worker: `key` identifies it (the worker compiles or
 * imports each key once), `source` is the function's text or null for a module export.
 * @internal
 */
export interface FunctionRef {
  readonly key: string;
  readonly source: string | null;
  readonly module: string | null;
  readonly name: string | null;
}

/** Memoised by function object: one `toString()` and one trial compile per function. */
const refs = new WeakMap<object, FunctionRef>();

/**
 * Checks `fn` and reduces it to a {@link FunctionRef}, throwing a `TypeError` at the call for a
 * function that cannot cross (native, bound, or a method shorthand whose text is no expression).
 * A closure over an outer variable compiles fine; the worker reports it by name when it runs.
 * @internal
 */
export function toFunctionRef(fn: unknown, where: string): FunctionRef {
  if (typeof fn === "function") {
    const known = refs.get(fn);
    if (known !== undefined) return known;
    const source = Function.prototype.toString.call(fn);
    if (source.includes("[native code]")) {
      throw new TypeError(
        `${where}: ${fn.name || "the function"} is a native or bound function, whose source cannot be sent to a worker; wrap it in a self-contained function or pass { module, name }`,
      );
    }
    if (/^class\b/.test(source)) {
      throw new TypeError(
        `${where}: ${fn.name} is a class, not a function; pass a function that constructs it`,
      );
    }
    try {
      // Trial compilation in an empty scope: the text must be an expression on its own.
      new Function(`return (${source});`);
    } catch {
      throw new TypeError(
        `${where}: the source of ${fn.name || "the function"} is not a self-contained function expression (a method shorthand?); write it as \`function ${fn.name || "f"}(...) {...}\` or an arrow, or pass { module, name }`,
      );
    }
    const ref: FunctionRef = { key: source, source, module: null, name: null };
    refs.set(fn, ref);
    return ref;
  }
  if (fn !== null && typeof fn === "object" && "module" in fn && "name" in fn) {
    const { module, name } = fn as ModuleFunction;
    if (typeof name !== "string" || name === "") {
      throw new TypeError(
        `${where}: { module, name } needs name to be the export's name (a string)`,
      );
    }
    const specifier = moduleSpecifier(module, where);
    return { key: `${specifier}#${name}`, source: null, module: specifier, name };
  }
  throw new TypeError(
    `${where}: expected a function or { module, name }, got ${describeValue(fn)}`,
  );
}

function moduleSpecifier(module: unknown, where: string): string {
  if (module instanceof URL) return module.href;
  if (typeof module !== "string" || module === "") {
    throw new TypeError(
      `${where}: { module, name } needs module to be a path, URL or package name`,
    );
  }
  if (module.startsWith(".")) {
    throw new TypeError(
      `${where}: module "${module}" is relative, and a worker cannot know relative to what; pass new URL("${module}", import.meta.url) or an absolute path`,
    );
  }
  if (isAbsolute(module)) return pathToFileURL(module).href;
  return module;
}

/** A short description of a value for error messages. @internal */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "function") return `function ${value.name || "(anonymous)"}`;
  if (typeof value === "object") return value.constructor?.name ?? "object";
  if (typeof value === "string")
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return `${typeof value} ${String(value)}`;
}

/**
 * Throws a `TypeError` at the call for an argument that can never be structured-cloned
 * (functions, symbols). Other objects are checked when the batch is posted: a failure there
 * fails only that job's future, with the same kind of message.
 * @internal
 */
export function checkArgs(args: readonly unknown[], where: string): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const type = typeof arg;
    if (type === "function" || type === "symbol") {
      throw new TypeError(
        `${where}: argument ${i + 1} is a ${type} (${describeValue(arg)}), which cannot be copied into a worker; pass data, or send functions as the job itself`,
      );
    }
  }
}
