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

/** Which top-level folder of src/ a file is in ("core", "asyncio", ...), or "" for src/index.ts. */
function faceOf(file: string): string {
  const parts = relative(src, file).split(/[\\/]/);
  return parts.length > 1 ? parts[0]! : "";
}

/** The kernel's entries for faces (DESIGN §1): the public index, the faces' internal entry, and
 * the errors module every face re-exports. */
const KERNEL_ENTRIES = new Set(["core/index.ts", "core/internal.ts", "core/errors.ts"]);

test("faces reach the kernel only through core/index, core/internal and core/errors", () => {
  const leaks: string[] = [];
  for (const [file, deps] of graph) {
    if (faceOf(file) === "core") continue;
    for (const dep of deps) {
      const target = relative(src, dep).replaceAll("\\", "/");
      if (faceOf(dep) === "core" && !KERNEL_ENTRIES.has(target)) {
        leaks.push(`${relative(src, file)} -> ${target}`);
      }
    }
  }
  assert.deepEqual(leaks, []);
});

/**
 * What one face may import of another: its public `index.ts`, or its `internal.ts`, the documented
 * entry for the parts of spindle built on its machinery (futures on threading's worker plumbing,
 * distributed on futures' job book), as `core/internal.ts` is for the kernel.
 */
const FACE_ENTRIES = new Set(["index.ts", "internal.ts"]);

test("no face imports another face's private files, only its index or internal entry", () => {
  const leaks: string[] = [];
  for (const [file, deps] of graph) {
    const face = faceOf(file);
    for (const dep of deps) {
      const other = faceOf(dep);
      if (other === face || other === "core" || other === "") continue;
      const target = relative(src, dep).replaceAll("\\", "/");
      if (FACE_ENTRIES.has(target.slice(other.length + 1))) continue;
      leaks.push(`${relative(src, file)} -> ${target}`);
    }
  }
  assert.deepEqual(leaks, []);
});

/** Files allowed over the line for now, each with why. The list only shrinks. */
const LONG_FOR_NOW = new Map([
  [
    "futures/pool-core.ts",
    "the thread/process transport over the job book; dispatch and batching are the next to split",
  ],
  [
    "greenlet/greenlet.ts",
    "one class and its trampoline over private state: splitting would expose the state",
  ],
  [
    "distributed/serve.ts",
    "from the distributed branch, merged into explore for the CLI: it predates this rule",
  ],
]);

test("source files stay under ~400 lines (one idea each)", () => {
  const long = [...graph.keys()]
    .filter((file) => !LONG_FOR_NOW.has(relative(src, file).replaceAll("\\", "/")))
    .map((file) => ({ file, lines: readFileSync(file, "utf8").split("\n").length }))
    .filter(({ lines }) => lines > 420)
    .map(({ file, lines }) => `${relative(src, file)} (${lines} lines)`);
  assert.deepEqual(long, []);
});
