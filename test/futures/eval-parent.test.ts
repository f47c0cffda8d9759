// A ProcessPoolExecutor made by a script given on the command line (`node -e`, `node -p`,
// `--eval=`) starts children that run the pool's entry, never that script again: otherwise each
// child makes its own pool, whose children make theirs — a fork bomb.
//
// Each script below sets SPINDLE_EVAL_PARENT before making its pool; the children inherit it, so
// a child that re-runs the script (the defect) prints RE-RAN and exits before making a pool. That
// guard bounds a regression to a few short-lived processes, and the count of RE-RAN lines is what
// the test checks, along with the job's answer.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { childExecArgv } from "../../src/futures/child-flags.js";

const exec = promisify(execFile);
const futures = pathToFileURL(new URL("../../src/futures/index.js", import.meta.url).pathname).href;

/** The body both forms share: a one-process pool runs one job and prints its answer and pid. */
const body = (load: string) => `
if (process.env.SPINDLE_EVAL_PARENT) {
  console.log("RE-RAN the parent's script in pid " + process.pid);
  process.exit(3);
}
process.env.SPINDLE_EVAL_PARENT = "1";
${load}.then(async ({ ProcessPoolExecutor }) => {
  const pool = new ProcessPoolExecutor({ maxWorkers: 1 });
  try {
    const [sum, pid] = await pool.submit((a, b) => [a + b, process.pid], 2, 3);
    console.log("ANSWER " + sum + " " + (pid !== process.pid));
  } finally {
    await pool.shutdown();
  }
});
`;
const cjs = body(`import(${JSON.stringify(futures)})`);
const esm = body(`Promise.resolve(await import(${JSON.stringify(futures)}))`);

async function runNode(args: string[]): Promise<string> {
  const env = { ...process.env };
  delete env.SPINDLE_EVAL_PARENT;
  delete env.NODE_OPTIONS; // the test runner's own options are not the point here
  try {
    const { stdout } = await exec(process.execPath, args, { timeout: 30_000, env });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return `${e.stdout ?? ""}\nFAILED: ${e.message}\n${e.stderr ?? ""}`;
  }
}

function check(stdout: string): void {
  const reruns = stdout.split("\n").filter((l) => l.startsWith("RE-RAN")).length;
  assert.equal(reruns, 0, `children re-ran the parent's script:\n${stdout}`);
  assert.match(stdout, /^ANSWER 5 true$/m, stdout);
}

test("under node -e, children run the pool's entry, not the -e script", async () => {
  check(await runNode(["-e", cjs]));
});

test("under node --input-type=module --eval=…, children run the pool's entry", async () => {
  check(await runNode(["--input-type=module", `--eval=${esm}`]));
});

test("under node -p and node -pe, children run the pool's entry", async () => {
  check(await runNode(["-p", cjs]));
  check(await runNode(["-pe", cjs]));
});

test("childExecArgv drops what picks the program, with its value, and keeps runtime flags", () => {
  const cases: [string[], string[]][] = [
    [["-e", "code"], []],
    [["-e", "-1"], []], // -e's value may start with "-"
    [["--eval=code"], []],
    [["--eval", "code"], []],
    [["-p", "code"], []],
    [["-pe", "code"], []],
    [["-p", "-e", "code"], []],
    [["--print", "code"], []],
    [["--print=code"], []],
    [["--input-type", "module", "-e", "x"], []],
    [["--input-type=module", "--eval=x"], []],
    [["-i", "-e", "x"], []],
    [["--interactive"], []],
    [["-c"], []],
    [["--check"], []],
    [["--test", "--test-reporter", "spec", "--test-only"], []],
    [["--test-reporter=spec", "--test-name-pattern", "a b"], []],
    [["--watch", "--watch-path", "/src", "--watch-preserve-output"], []],
    [["--run", "build"], []],
    [["--inspect-brk", "--inspect=9229", "--inspect-port", "9230"], []],
    [["--snapshot-blob", "snap.blob", "--build-snapshot"], []],
    [
      ["--import", "tsx", "--require", "./hook.cjs", "-r", "dotenv/config", "-e", "x"],
      ["--import", "tsx", "--require", "./hook.cjs", "-r", "dotenv/config"],
    ],
    [
      ["--loader", "ts-node/esm", "--experimental-loader=./l.mjs", "--experimental-vm-modules"],
      ["--loader", "ts-node/esm", "--experimental-loader=./l.mjs", "--experimental-vm-modules"],
    ],
    [
      ["--max-old-space-size=64", "--expose-gc", "--enable-source-maps", "-C", "dev", "-p", "x"],
      ["--max-old-space-size=64", "--expose-gc", "--enable-source-maps", "-C", "dev"],
    ],
    [
      ["--conditions=dev", "--env-file=.env", "--stack-trace-limit=50", "--title", "app"],
      ["--conditions=dev", "--env-file=.env", "--stack-trace-limit=50", "--title", "app"],
    ],
  ];
  for (const [input, expected] of cases) {
    assert.deepEqual(childExecArgv(input), expected, `childExecArgv(${JSON.stringify(input)})`);
  }
});
