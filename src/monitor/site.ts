import { relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where a task was created, captured cheaply: `Error.captureStackTrace` records the frames (V8
 * keeps them structured; nothing is formatted), and the text is only built when a snapshot asks
 * (`siteOf`). A stack is captured only while a monitor watches the loop.
 */

/** Frames captured: enough to get past spindle's own (hook, loop, createTask, a face's helper). */
const FRAMES = 14;

/** spindle's compiled library (dist/src/): frames in it are spindle's, not the user's. */
const LIBRARY = fileURLToPath(new URL("../", import.meta.url));

/** A captured stack, formatted lazily (reading `stack` formats it once). */
export interface Captured {
  stack?: string;
}

/** Captures the current stack, for a creation site (see `siteOf`). */
export function captureSite(): Captured {
  const holder: Captured = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = FRAMES;
  Error.captureStackTrace(holder, captureSite);
  Error.stackTraceLimit = limit;
  return holder;
}

const cache = new WeakMap<Captured, string | null>();

/**
 * The first frame of a captured stack outside spindle and Node's internals, as
 * `path:line` relative to the working directory (or null: created from spindle itself).
 */
export function siteOf(captured: Captured): string | null {
  const known = cache.get(captured);
  if (known !== undefined) return known;
  let site: string | null = null;
  for (const line of (captured.stack ?? "").split("\n")) {
    const location = /\(?((?:file:\/\/)?[^()\s]+):(\d+):\d+\)?$/.exec(line.trim());
    if (location === null || !line.trimStart().startsWith("at ")) continue;
    let file = location[1]!;
    if (file.startsWith("node:")) continue;
    if (file.startsWith("file://")) file = fileURLToPath(file);
    if (file.startsWith(LIBRARY)) continue;
    const shown = relative(process.cwd(), file);
    site = `${shown.startsWith(`..${sep}..`) ? file : shown}:${location[2]}`;
    break;
  }
  cache.set(captured, site);
  return site;
}
