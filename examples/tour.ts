// The tour (`npm start`): the talk "Asynchronous Python" stop by stop. Each stop prints the
// example's "Simply explained" comment, runs the compiled example as its own process, and shows
// what it printed. To add a stop, add one line to STOPS.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";

/** One stop: the talk's item number(s), a title, and the example file (`examples/<example>.ts`). */
export interface Stop {
  readonly talk: string;
  readonly title: string;
  readonly example: string;
}

/**
 * The stops, in the order of the talk, except that the deadlock stops (item 2) come last: the
 * report is what spindle adds, and it reads best after locks have been met.
 */
export const STOPS: readonly Stop[] = [
  { talk: "2", title: "Race condition: a bank balance loses money", example: "race-condition" },
  { talk: "4", title: "Coroutines: the grep example", example: "grep" },
  { talk: "5, 10", title: "The event loop: a first asyncio program", example: "first-asyncio" },
  {
    talk: "6",
    title: "Callbacks: Tornado's AsyncHTTPClient fetching three pages",
    example: "tornado-fetch",
  },
  { talk: "7", title: "concurrent.futures: ThreadPoolExecutor(3)", example: "thread-pool" },
  {
    talk: "7",
    title: "Process pools: a crashing or runaway job fails alone",
    example: "crash-isolation",
  },
  {
    talk: "7",
    title: "Beyond one machine: workers on Redis, one killed mid-job",
    example: "beyond-one-machine",
  },
  { talk: "8", title: "Greenlets: two functions switching back and forth", example: "greenlet" },
  { talk: "9", title: "gevent: explicit and implicit context switches", example: "gevent-foo-bar" },
  { talk: "9", title: "gevent: kill what you spawn", example: "kill-what-you-spawn" },
  { talk: "9", title: "gevent: monkey patching", example: "monkey-patching" },
  { talk: "11", title: "Mutex vs semaphore: one key, three tasks", example: "mutex" },
  { talk: "11", title: "BoundedSemaphore: at most 10 connections", example: "bounded-semaphore" },
  { talk: "11", title: "The same mutex across real threads", example: "threading-lock" },
  {
    talk: "11",
    title: "BoundedSemaphore(10) across worker threads",
    example: "threading-semaphore",
  },
  { talk: "2", title: "A real data race between two threads", example: "data-race" },
  { talk: "12", title: "Coroutine vs callback", example: "coroutine-vs-callback" },
  {
    talk: "1",
    title: "I/O on the loop: an echo server and client over TCP streams",
    example: "echo",
  },
  { talk: "2", title: "Deadlock, reported instead of a silent hang", example: "deadlock" },
  { talk: "2", title: "Lock-order deadlock: who holds what", example: "lock-deadlock" },
];

const WIDTH = 88;
const run = promisify(execFile);

/** A stop's heading line, e.g. "━━ 4. Coroutines: the grep example ━━". */
export function heading(stop: Stop): string {
  return `━━ ${stop.talk}. ${stop.title} ━━`;
}

/** The compiled example next to this file: dist/examples/<name>.js. */
function compiled(name: string): string {
  return fileURLToPath(new URL(`./${name}.js`, import.meta.url));
}

/** The example's source, from the repository's examples/ (this file runs from dist/examples/). */
function source(name: string): string {
  return fileURLToPath(new URL(`../../examples/${name}.ts`, import.meta.url));
}

/** The text of the example's leading `// Simply explained:` comment block, as one paragraph. */
export async function simplyExplained(name: string): Promise<string> {
  const lines = (await readFile(source(name), "utf8")).split("\n");
  const start = lines.findIndex((line) => line.startsWith("// Simply explained:"));
  if (start < 0) throw new Error(`examples/${name}.ts has no "// Simply explained:" comment`);
  const block: string[] = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith("//")) break;
    block.push(line.replace(/^\/\/ ?/, "").trim());
  }
  return block.join(" ");
}

/** `text` wrapped to WIDTH columns: the first line starts with `first`, the others with `rest`. */
function wrap(text: string, first: string, rest = first): string {
  const out: string[] = [];
  let line = "";
  // A `code span` is one word: it is never broken across lines.
  for (const word of text.match(/`[^`]*`\S*|\S+/g) ?? []) {
    const prefix = out.length === 0 ? first : rest;
    if (line !== "" && prefix.length + line.length + 1 + word.length > WIDTH) {
      out.push(prefix + line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") out.push((out.length === 0 ? first : rest) + line);
  return out.join("\n");
}

/** Every line of `text` behind a left bar, so the example's output stands apart. */
function indent(text: string): string {
  return text
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => (line === "" ? "  │" : `  │ ${line}`))
    .join("\n");
}

/** Runs one stop; false if the example failed. */
async function visit(stop: Stop): Promise<boolean> {
  console.log(heading(stop));
  console.log(wrap(await simplyExplained(stop.example), "  "));
  console.log();
  console.log(`  $ node dist/examples/${stop.example}.js`);
  try {
    const { stdout, stderr } = await run(process.execPath, [compiled(stop.example)], {
      timeout: 60_000,
    });
    console.log(indent(stdout));
    if (stderr !== "") console.log(indent(stderr));
    console.log();
    return true;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number | string };
    if (failed.stdout) console.log(indent(failed.stdout));
    if (failed.stderr) console.log(indent(failed.stderr));
    console.log(`  ✗ examples/${stop.example} failed (exit code ${failed.code ?? "?"})\n`);
    return false;
  }
}

const TITLE = "spindle: Python's asynchronous model for TypeScript on Node.js";

const INTRO = [
  `A tour of the talk "Asynchronous Python", one runnable example per idea.`,
  "spindle is asyncio for TypeScript: coroutines are generator functions (`function*`, waiting " +
    "with `yield*`) that run as tasks on an event loop, with futures, timers and callbacks, all " +
    "named as in Python. Times are in SECONDS, as in Python: sleep(1) is one second, not one " +
    "millisecond.",
  "Each stop below runs one file of examples/ in its own process and shows its output; headings " +
    "carry the talk's item numbers. Run an example alone with `node dist/examples/<name>.js`, " +
    "and the tests (every example's output included) with `npm test`.",
];

const WHAT_SPINDLE_ADDS = [
  "Deadlock reports: when nothing can ever wake the main task, run() rejects with a " +
    "DeadlockError naming every blocked task, what it waits on, and the cycle if there is one. " +
    "asyncio would hang; Node would exit silently.",
  "Virtual time: with a VirtualClock the loop jumps to the next timer whenever every task " +
    "waits, so sleeps cost no real time and timing-dependent programs print the same on every " +
    "run (the examples above use it).",
  "Faults stay with their job: a worker that crashes or a job that runs past its timeout " +
    "fails only that job, and the pool replaces the worker; a pool's child processes die with " +
    "their parent, even when it is killed with SIGKILL.",
  "Clear errors at the call: yield something spindle cannot wait on, pass a plain function " +
    "where a coroutine belongs, or use a closed loop, and the message says what to do instead.",
];

const READ_ON =
  "Read on: README.md (start here), docs/asyncio.md (loop, tasks, futures), docs/rosetta.md " +
  "(Python → spindle, line by line), docs/coroutine.md (generator coroutines), and the " +
  "examples' sources in examples/.";

async function main(): Promise<void> {
  console.log(`${TITLE}\n${"═".repeat(TITLE.length)}\n`);
  for (const paragraph of INTRO) console.log(`${wrap(paragraph, "")}\n`);
  let failures = 0;
  for (const stop of STOPS) {
    if (!(await visit(stop))) failures++;
  }
  console.log("━━ What spindle adds ━━");
  for (const point of WHAT_SPINDLE_ADDS) console.log(wrap(point, "  • ", "    "));
  console.log(`\n${wrap(READ_ON, "")}`);
  if (failures > 0) {
    console.error(`\n${failures} example(s) failed: see the ✗ lines above.`);
    process.exitCode = 1;
  }
}

// Run the tour only when this file is the program (the tour's test imports STOPS and heading).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
