// The layering DESIGN.md §1 asks for, checked on the source: the kernel imports nothing from the
// faces, and no module imports itself through others (type-only imports count too).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const src = join(root, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Relative imports and re-exports of a file, resolved to source paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["'](\.[^"']+)["']/g),
  ].map((m) => m[1]!);
  return specifiers.map((s) => resolve(dirname(file), s.replace(/\.js$/, ".ts")));
}

const graph = new Map(sourceFiles(src).map((f) => [f, importsOf(f)]));

test("the kernel (src/core) imports nothing outside src/core", () => {
  const core = join(src, "core");
  const leaks: string[] = [];
  for (const [file, deps] of graph) {
    if (!file.startsWith(core)) continue;
    for (const dep of deps) {
      if (!dep.startsWith(core)) leaks.push(`${relative(root, file)} -> ${relative(root, dep)}`);
    }
  }
  assert.deepEqual(leaks, []);
});

test("there are no import cycles in src/", () => {
  const state = new Map<string, "visiting" | "done">();
  const cycles: string[] = [];
  const visit = (file: string, path: string[]) => {
    state.set(file, "visiting");
    for (const dep of graph.get(file) ?? []) {
      if (state.get(dep) === "visiting") {
        cycles.push(
          [...path.slice(path.indexOf(dep)), dep].map((f) => relative(src, f)).join(" -> "),
        );
      } else if (!state.has(dep)) {
        visit(dep, [...path, dep]);
      }
    }
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file, [file]);
  assert.deepEqual(cycles, []);
});

test("every import resolves to a file in src/", () => {
  const missing = [...graph.values()].flat().filter((dep) => !graph.has(dep));
  assert.deepEqual(missing, []);
});
