// Parent side of the process boundary: run one case in a child (Node or any other program that
// speaks the same one-line protocol) and parse its report.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type ChildReport, RESULT_MARKER, type RunPlan } from "./case.js";

const childMain = fileURLToPath(new URL("./child-main.js", import.meta.url));

/** A child that hangs must not hang the whole suite. */
const CHILD_TIMEOUT_MS = 120_000;

/** Runs `command args…`, returns the parsed report or throws with the child's stderr. */
export function runReporting(command: string, args: string[]): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { timeout: CHILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, env: { ...process.env } },
      (error, stdout, stderr) => {
        const line = stdout.split("\n").find((l) => l.startsWith(RESULT_MARKER));
        if (error !== null || line === undefined) {
          const why = error?.killed
            ? `timed out after ${CHILD_TIMEOUT_MS / 1000}s (lower the count for this peer)`
            : stderr.trim().split("\n").slice(-6).join("\n") || String(error);
          reject(new Error(why));
          return;
        }
        resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as ChildReport);
      },
    );
  });
}

/** Runs case `caseName` of the compiled module at `moduleUrl` in a fresh Node process. */
export function runNodeCase(
  moduleUrl: string,
  caseName: string,
  plan: RunPlan,
): Promise<ChildReport> {
  return runReporting(process.execPath, [
    "--expose-gc",
    childMain,
    moduleUrl,
    caseName,
    JSON.stringify(plan),
  ]);
}
