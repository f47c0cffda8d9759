import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * The module beside `here` named `name`: `name.js` when spindle runs compiled, `name.ts` when it
 * runs from TypeScript source (tsx). @internal
 */
export function besideThis(here: string, name: string): URL {
  return new URL(here.endsWith(".ts") ? `./${name}.ts` : `./${name}.js`, here);
}

/**
 * Where tsx's programmatic API is, when spindle runs from TypeScript source and tsx is installed;
 * null otherwise. Looked up once.
 */
let tsxApi: string | null | undefined;

function findTsxApi(): string | null {
  if (tsxApi !== undefined) return tsxApi;
  try {
    tsxApi = import.meta.resolve("tsx/esm/api");
  } catch {
    tsxApi = null;
  }
  return tsxApi;
}

/**
 * Starts a worker thread on `entry`, one of spindle's own modules. A compiled (.js) entry starts
 * as it is. A TypeScript entry needs a loader in the new thread, and Node 20 does not carry the
 * parent's `--import tsx` hooks into workers (tsx issue #354): so the thread starts on a small
 * bootstrap that registers tsx's hooks there, then imports the entry. Without tsx installed the
 * bootstrap imports the entry directly (a runtime that strips types itself still works).
 * @internal
 */
export function startWorker(entry: URL, options: WorkerOptions): Worker {
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, options);
  const api = findTsxApi();
  const target = JSON.stringify(entry.href);
  const bootstrap =
    api === null
      ? `import(${target});`
      : `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${target}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
