// Runs a script as a child process and reports how it ended: for tests of what a program leaves
// behind (does it exit on its own, and what did it print on the way).
import { type ChildProcess, spawn } from "node:child_process";

export interface ChildExit {
  /** The exit code, or null when it was killed. */
  code: number | null;
  /** "SIGKILL" when it did not exit on its own within the timeout. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Real seconds from start to exit. */
  seconds: number;
}

/**
 * Runs `node script ...args`; kills it if it has not exited after `timeout` seconds. `onLine` sees
 * each line of its stdout as it comes (to talk to it: connect to a port it printed, ...).
 */
export function runChild(
  script: string,
  args: string[] = [],
  options: { timeout?: number; onLine?: (line: string, child: ChildProcess) => void } = {},
): Promise<ChildExit> {
  const start = performance.now();
  const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let partial = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    partial += chunk;
    const lines = partial.split("\n");
    partial = lines.pop()!;
    for (const line of lines) options.onLine?.(line, child);
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const killer = setTimeout(() => child.kill("SIGKILL"), (options.timeout ?? 10) * 1000);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, seconds: (performance.now() - start) / 1000 });
    });
  });
}

/** What a test says when a child did not end cleanly: how it ended and what it printed. */
export function describeExit(exit: ChildExit): string {
  const how = exit.signal === "SIGKILL" ? "did not exit on its own (killed)" : `exit ${exit.code}`;
  return `${how} after ${exit.seconds.toFixed(1)} s\n--- stdout\n${exit.stdout}--- stderr\n${exit.stderr}`;
}
