// `spindle top`: an htop-like live view of a program's tasks, refreshed from its monitor.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Snapshot } from "../monitor/index.js";
import {
  commandAfterDashes,
  describeTarget,
  fetchSnapshot,
  NoMonitorError,
  parseTarget,
  startMonitored,
  type Target,
} from "./monitor-client.js";
import { frame, ordered, type View } from "./top-screen.js";
import { numberFlag, parseFlags, UsageError } from "./usage.js";

export const usage = `usage: spindle top [--connect <port|host:port|socket-path>] [--interval s] [--sort cpu|age]
       spindle top [options] -- <command...>

Shows a running program's tasks live, as htop shows processes: state (colours), steps, CPU
time, age, what each waits on and holds; the selected task's await chain; the lints.
With a command after "--", starts it with the monitor on (its output goes to a log, printed
when it ends). Keys: q quit, ↑/↓ (or k/j) select, c sort by CPU, a sort by age.

  --connect      where the program's monitor listens (SPINDLE_MONITOR=<port|path>, or serve())
  --interval s   seconds between refreshes (default 1)
  --sort         cpu (default) or age`;

/** One key of a chunk of input: an arrow (ESC [ x, or ESC O x), or one character. */
const KEYS = new RegExp(`${String.fromCharCode(27)}[[O][A-D]|[\\s\\S]`, "g");
const ALT_ON = "\x1b[?1049h\x1b[?25l";
const ALT_OFF = "\x1b[?25h\x1b[?1049l";

export async function run(args: string[]): Promise<number> {
  const { own, command } = commandAfterDashes(args, usage);
  const { values } = parseFlags(own, {
    connect: { type: "string" },
    interval: { type: "string" },
    sort: { type: "string" },
  });
  const interval = numberFlag(values.interval, "interval", false) ?? 1;
  if (!(interval >= 0.05)) throw new UsageError("--interval must be at least 0.05 seconds");
  const sort = values.sort ?? "cpu";
  if (sort !== "cpu" && sort !== "age") throw new UsageError(`--sort is cpu or age, got "${sort}"`);
  if ((values.connect === undefined) === (command.length === 0)) {
    throw new UsageError('give --connect <where>, or the program to start after "--"');
  }
  const view: View = { sort, selected: null, interval, status: "" };
  if (values.connect !== undefined) {
    const target = parseTarget(values.connect, "--connect");
    view.status = `connected to ${describeTarget(target)}`;
    try {
      await fetchSnapshot(target);
    } catch (error) {
      if (!(error instanceof NoMonitorError)) throw error;
      console.error(`spindle top: ${error.message}`);
      return 1;
    }
    return (await watch(target, view, null)).code;
  }
  return startAndWatch(command, view);
}

/** Starts the program with SPINDLE_MONITOR on a private socket, then watches it. */
async function startAndWatch(command: string[], view: View): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "spindle-top-"));
  const path = join(dir, "monitor.sock");
  const { child, exited } = startMonitored(command, { SPINDLE_MONITOR: path }, "pipe");
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  let code: number | null = null;
  void exited.then((c) => {
    code = c;
  });
  view.status = command.join(" ");
  try {
    // Wait for its monitor to answer (the program starts, imports spindle, serves).
    const target = parseTarget(path, "socket");
    for (let tries = 0; ; tries++) {
      if (code !== null) break;
      try {
        await fetchSnapshot(target, 1);
        break;
      } catch {
        if (tries > 200) {
          child.kill();
          console.error(`spindle top: ${command.join(" ")} did not start a monitor in 10 s; does it use spindle (the same spindle as this command)?`); // biome-ignore format: one message
          return 1;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const quit = code === null ? await watch(target, view, () => code) : { quitByUser: false, code: 0 }; // biome-ignore format: one line
    if (quit.quitByUser && code === null) child.kill("SIGTERM");
    const finalCode = await exited;
    if (output) process.stdout.write(output.endsWith("\n") ? output : `${output}\n`);
    console.error(`spindle top: ${command.join(" ")} exited with code ${finalCode}`);
    return quit.quitByUser ? 0 : finalCode;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The refresh loop: draws until q, or until the program stops answering. */
async function watch(
  target: Target,
  view: View,
  exitCode: (() => number | null) | null,
): Promise<{ quitByUser: boolean; code: number }> {
  const out = process.stdout;
  const input = process.stdin;
  let last: Snapshot | null = null;
  let lost: string | null = null;
  let done: (result: { quitByUser: boolean; code: number }) => void = () => {};
  const finished = new Promise<{ quitByUser: boolean; code: number }>((r) => {
    done = r;
  });
  const draw = () => {
    if (last === null) return;
    out.write(`\x1b[H\x1b[2J${frame(last, view, out.columns || 100, out.rows || 30)}`);
  };
  const move = (by: number) => {
    if (last === null) return;
    const tasks = ordered(last, view.sort);
    if (tasks.length === 0) return;
    const at = tasks.findIndex((t) => t.id === view.selected);
    const next = at < 0 ? 0 : Math.min(tasks.length - 1, Math.max(0, at + by));
    view.selected = tasks[next]!.id;
    draw();
  };
  const onKey = (key: string) => {
    if (key === "q" || key === "\x03") done({ quitByUser: true, code: 0 });
    else if (key === "\x1b[A" || key === "\x1bOA" || key === "k") move(-1);
    else if (key === "\x1b[B" || key === "\x1bOB" || key === "j") move(1);
    else if (key === "c" || key === "a") {
      view.sort = key === "c" ? "cpu" : "age";
      draw();
    }
  };
  if (input.isTTY) {
    input.setRawMode(true);
    input.setEncoding("utf8");
    // A chunk may hold several keys; arrows come as ESC [ x or ESC O x.
    const onData = (chunk: string) => {
      for (const key of chunk.match(KEYS) ?? []) onKey(key);
    };
    input.on("data", onData);
    input.resume();
  }
  out.write(ALT_ON);
  const refresh = async () => {
    try {
      last = await fetchSnapshot(target, 2);
      draw();
    } catch (error) {
      if (exitCode !== null) {
        // The program is ending: its exit is the news.
        if (exitCode() !== null || error instanceof NoMonitorError) done({ quitByUser: false, code: 0 }); // biome-ignore format: one line
        return;
      }
      lost = (error as Error).message;
      done({ quitByUser: false, code: 1 });
    }
  };
  await refresh();
  const timer = setInterval(() => void refresh(), view.interval * 1000);
  const result = await finished;
  clearInterval(timer);
  out.write(ALT_OFF);
  if (lost !== null) process.stderr.write(`spindle top: the program stopped answering: ${lost}\n`);
  if (input.isTTY) {
    input.removeAllListeners("data");
    input.setRawMode(false);
    input.pause();
  }
  return result;
}
