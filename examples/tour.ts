// The tour (`npm start`): the talk "Asynchronous Python" stop by stop. Each stop prints the
// example's "Simply explained" comment and the few lines of it that matter (those between
// `// tour:begin` and `// tour:end`), then runs the compiled example as its own process and shows
// what it printed. To add a stop, add one line to STOPS.
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";

/**
 * One stop: the talk's item number(s) ("+" for what spindle adds beyond the talk), a title, and
 * the example file (`examples/<example>.ts`).
 */
export interface Stop {
  readonly talk: string;
  readonly title: string;
  readonly example: string;
}

/** What spindle adds beyond the talk: these stops come last, under their own heading. */
export const SPINDLE_ADDS = "+";

/**
 * The stops, in the order of the talk's items (1, 2, 4, 5/10, 6, 7, 8, 9, 11, 12), then what
 * spindle adds. One line per stop.
 */
// biome-ignore format: one line per stop, so that adding a stop is a one-line change
export const STOPS: readonly Stop[] = [
  { talk: "1", title: "I/O on the loop: an echo server and client over TCP streams", example: "echo" },
  { talk: "2", title: "Race condition: a bank balance loses money", example: "race-condition" },
  { talk: "2", title: "Finding races: explore many schedules, replay the failing one", example: "finding-races" },
  { talk: "2", title: "A real data race between two threads", example: "data-race" },
  { talk: "4", title: "Coroutines: the grep example", example: "grep" },
  { talk: "5, 10", title: "The event loop: a first asyncio program", example: "first-asyncio" },
  { talk: "6", title: "Callbacks: Tornado's AsyncHTTPClient fetching three pages", example: "tornado-fetch" },
  { talk: "7", title: "concurrent.futures: ThreadPoolExecutor(3)", example: "thread-pool" },
  { talk: "7", title: "Process pools: a crashing or runaway job fails alone", example: "crash-isolation" },
  { talk: "7", title: "Beyond one machine: workers on Redis, one killed mid-job", example: "beyond-one-machine" },
  { talk: "8", title: "Greenlets: two functions switching back and forth", example: "greenlet" },
  { talk: "9", title: "gevent: explicit and implicit context switches", example: "gevent-foo-bar" },
  { talk: "9", title: "gevent: kill what you spawn", example: "kill-what-you-spawn" },
  { talk: "9", title: "gevent: monkey patching", example: "monkey-patching" },
  { talk: "11", title: "Mutex vs semaphore: one key, three tasks", example: "mutex" },
  { talk: "11", title: "BoundedSemaphore: at most 10 connections", example: "bounded-semaphore" },
  { talk: "11", title: "The same mutex across real threads", example: "threading-lock" },
  { talk: "11", title: "BoundedSemaphore(10) across worker threads", example: "threading-semaphore" },
  { talk: "12", title: "Coroutine vs callback", example: "coroutine-vs-callback" },
  { talk: "+", title: "Deadlock, reported instead of a silent hang", example: "deadlock" },
  { talk: "+", title: "Lock-order deadlock: who holds what", example: "lock-deadlock" },
  { talk: "+", title: "Seeing your program: the await tree, a snapshot, a timeline", example: "monitor" },
];

const WIDTH = 88;
const run = promisify(execFile);

/** A stop's heading line, e.g. "━━ 4. Coroutines: the grep example ━━" ("━━ + …" for spindle's). */
export function heading(stop: Stop): string {
  return stop.talk === SPINDLE_ADDS ? `━━ + ${stop.title} ━━` : `━━ ${stop.talk}. ${stop.title} ━━`;
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

/**
 * The lines of examples/<name>.ts between `// tour:begin` and `// tour:end` (several pairs
 * allowed, one region each), each region without its common indentation.
 */
export async function excerpt(name: string): Promise<string[][]> {
  const regions: string[][] = [];
  let region: string[] | null = null;
  for (const line of (await readFile(source(name), "utf8")).split("\n")) {
    const marker = /^\s*\/\/ tour:(begin|end)\s*$/.exec(line)?.[1];
    if (marker === "begin") region = [];
    else if (marker === "end" && region !== null) {
      regions.push(dedent(region));
      region = null;
    } else region?.push(line);
  }
  if (regions.length === 0 || region !== null) {
    throw new Error(
      `examples/${name}.ts needs "// tour:begin" ... "// tour:end" around its key lines`,
    );
  }
  return regions;
}

function dedent(lines: string[]): string[] {
  const depth = Math.min(
    ...lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length),
  );
  return lines.map((l) => l.slice(depth));
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
  console.log(`  examples/${stop.example}.ts:`);
  const regions = await excerpt(stop.example);
  console.log(
    regions.map((lines) => lines.map((l) => `      ${l}`.trimEnd()).join("\n")).join("\n      ⋮\n"),
  );
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
  "Each stop below shows the lines of one file of examples/ that matter, runs it in its own " +
    "process and shows its output. Headings carry the talk's item numbers; + marks what spindle " +
    "adds. Run an example alone with `node dist/examples/<name>.js`, and the tests (every " +
    "example's output included) with `npm test`.",
];

const WHAT_SPINDLE_ADDS_INTRO =
  "The talk ends here. What follows is what spindle adds to Python's model, to make concurrency " +
  "bugs visible and programs testable:";

const WHAT_SPINDLE_ADDS = [
  "Deadlock reports: when nothing can ever wake the main task, run() rejects with a " +
    "DeadlockError naming every blocked task, what it waits on, and the cycle if there is one. " +
    "asyncio would hang; Node would exit silently. The stops below show it.",
  "Virtual time: with a VirtualClock the loop jumps to the next timer whenever every task " +
    "waits, so sleeps cost no real time and timing-dependent programs print the same on every " +
    "run (most examples above use it).",
  "Faults stay with their job: a worker that crashes or a job that runs past its timeout " +
    "fails only that job, and the pool replaces the worker; a pool's child processes die with " +
    "their parent, even when it is killed with SIGKILL.",
  "A monitor: snapshot() shows every task, what it waits on and who holds that, as an await " +
    "tree; record() keeps a fixed-memory flight recording that opens as a timeline in Perfetto or " +
    "a browser; `npx spindle top` watches a running program live. The last stop shows it.",
  "Clear errors at the call: yield something spindle cannot wait on, pass a plain function " +
    "where a coroutine belongs, or use a closed loop, and the message says what to do instead.",
];

const READ_ON =
  "Every example's full source is in examples/; run one alone with " +
  "`node dist/examples/<name>.js`. The guide starts at docs/README.md.";

/** The doc pages, README.md first, then docs/README.md (the index), then docs/ by name. */
export async function docPages(): Promise<string[]> {
  const dir = fileURLToPath(new URL("../../docs/", import.meta.url));
  const pages = (await readdir(dir)).filter((f) => f.endsWith(".md") && f !== "README.md").sort();
  return ["README.md", "docs/README.md", ...pages.map((page) => `docs/${page}`)];
}

/** A page's title: its first "# " line, without Markdown's backquotes. */
async function title(page: string): Promise<string> {
  const text = await readFile(fileURLToPath(new URL(`../../${page}`, import.meta.url)), "utf8");
  return (/^# (.+)$/m.exec(text)?.[1] ?? page).replaceAll("`", "");
}

async function main(): Promise<void> {
  console.log(`${TITLE}\n${"═".repeat(TITLE.length)}\n`);
  for (const paragraph of INTRO) console.log(`${wrap(paragraph, "")}\n`);
  let failures = 0;
  let adds = false;
  for (const stop of STOPS) {
    if (stop.talk === SPINDLE_ADDS && !adds) {
      adds = true;
      console.log("━━━━ What spindle adds ━━━━");
      console.log(wrap(WHAT_SPINDLE_ADDS_INTRO, "  "));
      for (const point of WHAT_SPINDLE_ADDS) console.log(wrap(point, "  • ", "    "));
      console.log();
    }
    if (!(await visit(stop))) failures++;
  }
  console.log("━━━━ Read on ━━━━");
  for (const page of await docPages()) {
    console.log(`  ${page.padEnd(20)} ${page === "README.md" ? "start here" : await title(page)}`);
  }
  console.log(`\n${wrap(READ_ON, "")}`);
  if (failures > 0) {
    console.error(`\n${failures} example(s) failed: see the ✗ lines above.`);
    process.exitCode = 1;
  }
}

// Run the tour only when this file is the program (the tour's test imports its parts).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
