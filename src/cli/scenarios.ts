// What `spindle explore` and `spindle replay` share: loading a file's exported scenarios.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Scenario } from "../testing/index.js";
import { UsageError } from "./usage.js";

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;

/** A module's scenarios: its exported generator functions and async functions, by export name. */
export async function scenariosOf(
  file: string,
  only: readonly string[] | undefined,
): Promise<{ url: string; scenarios: [string, Scenario][] }> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`${file}: no such file (give the compiled .js file)`);
  const url = pathToFileURL(path).href;
  const module = (await import(url)) as Record<string, unknown>;
  const all = Object.entries(module).filter(
    (entry): entry is [string, Scenario] =>
      entry[1] instanceof GeneratorFunction || entry[1] instanceof AsyncFunction,
  );
  if (all.length === 0) {
    throw new UsageError(
      `${file} exports no scenario: export generator functions (function*) or async functions to explore`,
    );
  }
  if (only === undefined) return { url, scenarios: all };
  const unknown = only.filter((name) => !all.some(([n]) => n === name));
  if (unknown.length > 0) {
    throw new UsageError(
      `${file} exports no scenario named ${unknown.join(", ")}; its scenarios are ${all.map(([n]) => n).join(", ")}`,
    );
  }
  return { url, scenarios: all.filter(([name]) => only.includes(name)) };
}

/** `text` as one shell word. */
export function shellQuote(text: string): string {
  return /^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
