// `spindle explore FILE`: explores every scenario FILE exports, one after another, with a progress
// bar on stderr; prints each result, and for a failure its interleaving and the replay command.
import { parseArgs } from "node:util";
import { explore, ScheduleFailure } from "../testing/index.js";
import { scenariosOf, shellQuote } from "./scenarios.js";
import { numberFlag, UsageError } from "./usage.js";

export const usage = `usage: spindle explore FILE [options]

Runs every scenario FILE exports (its generator functions and async functions) under many
seeded schedules, and reports the first schedule under which each fails: the interleaving,
one column per task, and the token that replays it (spindle replay FILE TOKEN).

  --runs N          schedules per scenario                                  (default 1000)
  --seed S          the seed the schedules are drawn from           (default: random, printed)
  --workers K       worker threads to explore on (at most the cores)           (default 1)
  --strategy NAME   pct or random                                             (default pct)
  --depth D         PCT's depth: ordering constraints a bug may need            (default 3)
  --max-steps N     a run longer than this is a livelock                   (default 100000)
  --scenario NAME   explore only this export; repeat for several
  -h, --help        this text

Exit code: 0 when every scenario passed every schedule, 1 when one failed, 2 for bad usage.

Example:
  npx spindle explore dist/test/bank.js --runs 5000 --workers 2`;

const FLAGS = {
  runs: { type: "string" },
  seed: { type: "string" },
  workers: { type: "string" },
  strategy: { type: "string" },
  depth: { type: "string" },
  "max-steps": { type: "string" },
  scenario: { type: "string", multiple: true },
} as const;

export async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof FLAGS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args, options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? "FILE is required" : `one FILE only, got ${positionals.join(" ")}`,
    );
  }
  const file = positionals[0]!;
  const strategy = values.strategy ?? "pct";
  if (strategy !== "pct" && strategy !== "random") {
    throw new UsageError(`--strategy must be pct or random, got "${strategy}"`);
  }
  const seed = numberFlag(values.seed, "seed", true) ?? Math.floor(Math.random() * 2 ** 32);
  const options = {
    runs: numberFlag(values.runs, "runs", true) ?? 1000,
    seed,
    strategy,
    ...optional("depth", numberFlag(values.depth, "depth", true)),
    ...optional("maxSteps", numberFlag(values["max-steps"], "max-steps", true)),
    ...optional("workers", numberFlag(values.workers, "workers", true)),
  } as const;
  const { url, scenarios } = await scenariosOf(file, values.scenario);
  console.log(
    `exploring ${scenarios.length} scenario${scenarios.length === 1 ? "" : "s"} of ${file}: ${options.runs} runs each, ${strategy}, seed ${seed}`,
  );
  const bar = new ProgressBar();
  let failed = 0;
  for (const [name, scenario] of scenarios) {
    const started = performance.now();
    bar.start(name, failed);
    try {
      const result = await explore(scenario, {
        ...options,
        module: url,
        exportName: name,
        onProgress: (p) => bar.update(p.done, p.runs),
      });
      const seconds = (performance.now() - started) / 1000;
      bar.clear();
      console.log(
        `✓ ${name}: ${result.runs} runs (${result.distinct} distinct schedules) in ${seconds.toFixed(2)} s, ${rate(result.runs / seconds)} runs/s: no failure`,
      );
    } catch (error) {
      bar.clear();
      if (!(error instanceof ScheduleFailure)) throw error;
      failed++;
      console.log(`✗ ${name}:\n\n${error.message}\n`);
      if (error.schedule !== "") {
        const only = scenarios.length > 1 ? ` --scenario ${name}` : "";
        console.log(
          `Replay it from the command line:\n  npx spindle replay ${shellQuote(file)} ${error.schedule}${only}\n`,
        );
      }
    }
  }
  return failed > 0 ? 1 : 0;
}

function optional<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}

function rate(perSecond: number): string {
  return perSecond >= 1000 ? `${(perSecond / 1000).toFixed(1)}k` : perSecond.toFixed(0);
}

/** One line on stderr, redrawn in place when it is a terminal; nothing otherwise. */
class ProgressBar {
  readonly #tty = process.stderr.isTTY === true;
  #name = "";
  #failed = 0;
  #started = 0;

  start(name: string, failed: number): void {
    this.#name = name;
    this.#failed = failed;
    this.#started = performance.now();
  }

  update(done: number, runs: number): void {
    if (!this.#tty) return;
    const width = 24;
    const filled = Math.round((done / runs) * width);
    const seconds = (performance.now() - this.#started) / 1000;
    const line = `  ${this.#name} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${done}/${runs}  ${rate(done / Math.max(seconds, 1e-9))} runs/s  ${this.#failed} failed`;
    process.stderr.write(`\r${line}\x1b[K`);
  }

  clear(): void {
    if (this.#tty) process.stderr.write("\r\x1b[K");
  }
}
