/**
 * Turning a sent function back into a callable in the receiving thread: source text is compiled
 * behind a guard that names any variable the function closed over; `{ module, name }` is imported.
 * @internal
 */
/** A function as sent: source text, or a module and export name. @internal */
export type Definition = string | { readonly module: string; readonly name: string };

/** A compiled job or thread target. @internal */
export type Fn = (...args: unknown[]) => unknown;

/** A function that throws `error` (a definition that failed to compile or import). @internal */
export function thrower(error: unknown): Fn {
  return () => {
    throw error;
  };
}

/**
 * Every identifier a sent function does not declare itself resolves through this scope: a
 * global passes through, anything else (a variable the function closed over where it was
 * written) throws a ReferenceError that names it and says what to do.
 */
const freeVariables = new Proxy(Object.create(null) as object, {
  has(_target, key) {
    return typeof key === "string" && !(key in globalThis);
  },
  get(_target, key) {
    if (key === Symbol.unscopables) return undefined;
    throw new ReferenceError(
      `the job's function uses "${String(key)}", which does not exist in the worker: a function sent to a worker must be self-contained (its parameters, its own locals and globals) — pass "${String(key)}" as an argument, or pass { module, name } so the worker imports the function`,
    );
  },
  set(_target, key) {
    throw new ReferenceError(
      `the job's function assigns "${String(key)}", a variable of the scope it was written in, which does not exist in the worker; return the value instead`,
    );
  },
});

/** Compiles source or imports a module export (async). @internal */
export function compile(definition: Definition): Fn | Promise<Fn> {
  if (typeof definition === "string") {
    try {
      // Sloppy-mode wrapper so `with` can route free identifiers through the guard above.
      const make = new Function(
        "__spindleScope",
        `with (__spindleScope) { return (${definition}); }`,
      );
      return make(freeVariables) as Fn;
    } catch (error) {
      return thrower(error);
    }
  }
  const { module, name } = definition;
  return import(module).then(
    (mod: Record<string, unknown>) => {
      const fn = mod[name];
      if (typeof fn !== "function") {
        throw new TypeError(
          `module ${module} has no exported function "${name}" (its exports: ${Object.keys(mod).join(", ") || "none"}); check the name, and that the function is exported`,
        );
      }
      return fn as Fn;
    },
    (error: unknown) => {
      throw new TypeError(
        `the worker could not import ${module}: ${(error as Error)?.message ?? String(error)}; pass an absolute path or a file: URL of a JavaScript module`,
      );
    },
  );
}

// tsx and esbuild's keepNames wrap functions in __name(fn, "name"); give sent sources that helper.
(globalThis as { __name?: unknown }).__name ??= (fn: unknown) => fn;
