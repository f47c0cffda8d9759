// Helpers for the monitor's CLI tests: the compiled CLI, the fixture program, a monitored start.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { withMonitor } from "../../src/cli/monitor-client.js";

export const exec = promisify(execFile);
export const cli = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));
export const busyApp = fileURLToPath(new URL("../monitor/fixtures/busy-app.js", import.meta.url));

/** `spindle <args>`: its output and exit code (never rejects on a non-zero exit). */
export async function spindle(args: string[], timeout = 60_000) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [cli, ...args], { timeout });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw error;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** Starts the fixture with SPINDLE_MONITOR=`path`; resolves once its monitor socket exists. */
export async function startBusyApp(path: string, seconds: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [busyApp, String(seconds)], {
    env: withMonitor(process.env, { SPINDLE_MONITOR: path }),
    stdio: "ignore",
  });
  const until = Date.now() + 15_000;
  while (!existsSync(path)) {
    if (Date.now() > until || child.exitCode !== null) throw new Error("busy-app did not serve");
    await new Promise((r) => setTimeout(r, 25));
  }
  return child;
}
