// Runs a compiled example as its own process, the way a user runs it, and returns what it printed.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url)); // dist/test/support
const compiledExamples = join(here, "..", "..", "examples");
const goldenDir = join(here, "..", "..", "..", "examples", "golden");

export interface ExampleRun {
  stdout: string;
  stderr: string;
}

/** Runs `examples/<name>.ts` (compiled) in a child process; rejects if it exits non-zero. */
export async function runExample(name: string, args: string[] = []): Promise<ExampleRun> {
  const { stdout, stderr } = await run(
    process.execPath,
    [join(compiledExamples, `${name}.js`), ...args],
    {
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: "1" },
    },
  );
  return { stdout, stderr };
}

/** The expected output of an example, from `examples/golden/<name>.txt`. */
export function golden(name: string): Promise<string> {
  return readFile(join(goldenDir, `${name}.txt`), "utf8");
}
