// What `spindle top`, `ps` and `trace` share: where a monitor listens, fetching its snapshot, and
// starting a program with the monitor loaded (`node --import spindle/monitor`).
import { type ChildProcess, spawn } from "node:child_process";
import { request } from "node:http";
import type { Snapshot } from "../monitor/index.js";
import { UsageError } from "./usage.js";

/** A monitor's address: a TCP port on loopback, or a unix socket path. */
export type Target = { host: string; port: number; path: null } | { path: string };

/** "9000", "127.0.0.1:9000", "[::1]:9000" or a socket path. */
export function parseTarget(text: string | undefined, what: string): Target {
  if (text === undefined || text === "") {
    throw new UsageError(`${what} needs where the program's monitor listens: a port, host:port, or a socket path`); // biome-ignore format: one message
  }
  if (/^\d+$/.test(text)) return { host: "127.0.0.1", port: Number(text), path: null };
  const hostPort = /^(\[[^\]]+\]|[^/:]+):(\d+)$/.exec(text);
  if (hostPort !== null) {
    const host = hostPort[1]!.replace(/^\[|\]$/g, "");
    if (!["127.0.0.1", "::1", "localhost"].includes(host)) {
      throw new UsageError(`${text}: the monitor listens on loopback only (127.0.0.1, ::1, localhost)`); // biome-ignore format: one message
    }
    return { host, port: Number(hostPort[2]), path: null };
  }
  return { path: text };
}

export function describeTarget(target: Target): string {
  return "port" in target ? `${target.host}:${target.port}` : target.path;
}

/** A monitor did not answer: nothing listens there, or it is not a spindle monitor. */
export class NoMonitorError extends Error {
  override name = "NoMonitorError";
}

/** GETs the snapshot; rejects with a NoMonitorError saying what to check. */
export function fetchSnapshot(target: Target, timeout = 5): Promise<Snapshot> {
  const where = describeTarget(target);
  return new Promise((resolve, reject) => {
    const options =
      "port" in target
        ? { host: target.host, port: target.port, path: "/snapshot", timeout: timeout * 1000 }
        : { socketPath: target.path, path: "/snapshot", timeout: timeout * 1000 };
    const req = request(options, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => {
        body += chunk;
      });
      response.on("end", () => {
        try {
          const parsed = JSON.parse(body) as Snapshot & { error?: string };
          if (parsed.error !== undefined) reject(new NoMonitorError(`${where}: ${parsed.error}`));
          else if (parsed.version !== 1)
            reject(new NoMonitorError(`${where} is not a spindle monitor (or a newer one)`)); // biome-ignore format: one message
          else resolve(parsed);
        } catch {
          reject(new NoMonitorError(`${where} answered, but not with a spindle snapshot`));
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error("no answer in time")));
    req.on("error", (error: NodeJS.ErrnoException) => {
      const why =
        error.code === "ECONNREFUSED" || error.code === "ENOENT"
          ? "nothing listens there"
          : error.message;
      reject(
        new NoMonitorError(
          `cannot reach a monitor at ${where}: ${why}. Start the program with SPINDLE_MONITOR=${"port" in target ? target.port : target.path} (and spindle/monitor imported), or call serve() in it; or let spindle start it: spindle top -- node app.js`,
        ),
      );
    });
    req.end();
  });
}

/** NODE_OPTIONS with this spindle's monitor preloaded (it reads SPINDLE_MONITOR / SPINDLE_TRACE). */
export function withMonitor(
  env: NodeJS.ProcessEnv,
  vars: Record<string, string>,
): NodeJS.ProcessEnv {
  const monitor = new URL("../monitor/index.js", import.meta.url).href;
  const options = `${env.NODE_OPTIONS ?? ""} --import=${monitor}`.trim();
  return { ...env, ...vars, NODE_OPTIONS: options };
}

/** The command after `--`, or a UsageError. */
export function commandAfterDashes(
  args: string[],
  usage: string,
): { own: string[]; command: string[] } {
  const at = args.indexOf("--");
  if (at < 0) return { own: args, command: [] };
  const command = args.slice(at + 1);
  if (command.length === 0) throw new UsageError(`nothing after "--": ${usage.split("\n")[0]}`);
  return { own: args.slice(0, at), command };
}

/** Starts `command` with the monitor loaded; its exit as a promise of the code (128+n: a signal). */
export function startMonitored(
  command: string[],
  vars: Record<string, string>,
  stdio: "inherit" | "pipe",
): { child: ChildProcess; exited: Promise<number> } {
  const child = spawn(command[0]!, command.slice(1), {
    env: withMonitor(process.env, vars),
    stdio: stdio === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number>((resolve) => {
    child.once("error", (error) => {
      process.stderr.write(`spindle: cannot start ${command[0]}: ${error.message}\n`);
      resolve(127);
    });
    child.once("exit", (code, signal) => {
      resolve(code ?? 128 + (signal === "SIGINT" ? 2 : signal === "SIGKILL" ? 9 : 15));
    });
  });
  return { child, exited };
}
