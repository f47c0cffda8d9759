// `npm run bench -- <suite…> [--only=W1,W7] [--reps=N] [--rounds=N] [--no-gc]`; with no suite,
// every suite runs. Adding a suite is one line in SUITES.
import { environmentHeader } from "./lib/environment.js";
import type { Suite, SuiteOptions } from "./lib/suite.js";
import { runSuite } from "./lib/suite.js";

const SUITES: Record<string, () => Promise<Suite>> = {
  kernel: async () => (await import("./kernel/suite.js")).suite,
  sync: async () => (await import("./sync/suite.js")).suite,
  green: async () => (await import("./green/suite.js")).suite,
  io: async () => (await import("./io/suite.js")).suite,
  pools: async () => (await import("./pools/suite.js")).suite,
  distributed: async () => (await import("./distributed/suite.js")).suite,
  monitor: async () => (await import("./monitor/suite.js")).suite,
  explore: async () => (await import("./explore/suite.js")).suite,
};

function usage(): string {
  return [
    "usage: npm run bench -- [suite…] [--only=W1,W7] [--reps=N] [--rounds=N] [--no-gc]",
    `suites: ${Object.keys(SUITES).join(", ")} (none given: all of them)`,
    "  --only=IDS   run only these workloads of the suite",
    "  --reps=N     repetitions per implementation (default 5, 3 for slow peers)",
    "  --rounds=N   round-robin rounds the repetitions are split over (default 2)",
    "  --no-gc      do not force a full GC before each repetition",
  ].join("\n");
}

/** Parses `--name=N` as a whole number >= 1, or exits with a message. */
function count(arg: string): number {
  const n = Number(arg.slice(arg.indexOf("=") + 1));
  if (!Number.isInteger(n) || n < 1) {
    console.error(`${arg}: needs a whole number of at least 1`);
    process.exit(2);
  }
  return n;
}

const options: SuiteOptions = {};
const names: string[] = [];
for (const arg of process.argv.slice(2)) {
  if (arg === "--help" || arg === "-h" || arg === "--list") {
    console.log(usage());
    process.exit(0);
  } else if (arg.startsWith("--only=")) {
    options.only = arg.slice("--only=".length).split(",");
  } else if (arg.startsWith("--reps=")) {
    options.reps = count(arg);
  } else if (arg.startsWith("--rounds=")) {
    options.rounds = count(arg);
  } else if (arg === "--no-gc") {
    options.gc = false;
  } else if (arg in SUITES) {
    names.push(arg);
  } else {
    console.error(`unknown argument "${arg}"\n${usage()}`);
    process.exit(2);
  }
}

console.log(environmentHeader(options));
if (names.length === 0) {
  console.log(`(no suite named: running all of ${Object.keys(SUITES).join(", ")})`);
}
for (const name of names.length > 0 ? names : Object.keys(SUITES)) {
  await runSuite(await SUITES[name]!(), options);
}
