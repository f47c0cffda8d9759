// Which functions a worker runs: only exports of the modules it was started with (`--module`), so
// that whoever can write to the queue cannot make a worker import anything else.
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describeValue } from "../core/internal.js";

/**
 * A module as jobs and workers name it: an absolute path or `file:` URL becomes the URL's text; a
 * bare package name stays as it is. Relative paths are resolved against `base` (a worker's
 * current directory) or refused (`base` null: a submitter cannot know the worker's directory).
 * @internal
 */
export function moduleKey(module: unknown, base: string | null, where: string): string {
  if (module instanceof URL) return module.href;
  if (typeof module !== "string" || module === "") {
    throw new TypeError(
      `${where}: module must be a path, file: URL or package name, got ${describeValue(module)}`,
    );
  }
  if (module.startsWith("file:")) return new URL(module).href;
  if (isAbsolute(module)) return pathToFileURL(module).href;
  if (module.startsWith(".")) {
    if (base === null) {
      throw new TypeError(
        `${where}: module "${module}" is relative, and a worker cannot know relative to what; pass new URL("${module}", import.meta.url) or an absolute path (the same one the worker's --module names)`,
      );
    }
    return pathToFileURL(resolve(base, module)).href;
  }
  return module;
}

type Fn = (...args: unknown[]) => unknown;

/** The modules a worker serves, imported once each; finds a job's function in them. @internal */
export class ModuleTable {
  readonly #loaded = new Map<string, Record<string, unknown>>();

  /** Imports every module now, so a worker that cannot load one fails at start. */
  static async load(keys: readonly string[]): Promise<ModuleTable> {
    const table = new ModuleTable();
    for (const key of keys) {
      try {
        table.#loaded.set(key, (await import(key)) as Record<string, unknown>);
      } catch (error) {
        throw new Error(
          `the worker could not import its module ${key}: ${(error as Error)?.message ?? String(error)}`,
          { cause: error },
        );
      }
    }
    return table;
  }

  /** The modules served, as keys. */
  get keys(): string[] {
    return [...this.#loaded.keys()];
  }

  /** The function a job names, or a TypeError saying why this worker has none by that name. */
  find(module: string, name: string): Fn {
    const mod = this.#loaded.get(module);
    if (mod === undefined) {
      throw new TypeError(
        `this worker does not serve module ${module} (it serves ${this.keys.join(", ")}); start a worker with --module for it, or submit { module, name } with the path the workers were started with`,
      );
    }
    const fn = mod[name];
    if (typeof fn !== "function") {
      throw new TypeError(
        `module ${module} has no exported function "${name}" (its exports: ${Object.keys(mod).join(", ") || "none"}); check the name, and that the function is exported`,
      );
    }
    return fn as Fn;
  }
}
