#!/usr/bin/env node
// `spindle <command>`: a small dispatcher. Each command is its own module, imported only when it
// runs; adding one is one file (exporting `usage` and `run`) plus one line in COMMANDS.
import { UsageError } from "./usage.js";

/** What a command module exports. */
export interface Command {
  /** Its help text (`spindle <command> --help`), first line `usage: …`. */
  readonly usage: string;
  /** Runs it with the arguments after its name; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}

/** The commands: name → one-line summary and the module that runs it. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  explore: { summary: "find schedules that break scenarios", load: () => import("./explore.js") },
  replay: { summary: "run a failing schedule again exactly", load: () => import("./replay.js") },
  worker: {
    summary: "run jobs of a QueueExecutor's queue (BullMQ on Redis)",
    load: () => import("./worker.js"),
  },
  top: {
    summary: "watch a program's tasks live (htop for the loop)",
    load: () => import("./top.js"),
  },
  ps: { summary: "print a running program's await tree, once", load: () => import("./ps.js") },
  trace: {
    summary: "record a whole run as a timeline (Perfetto JSON or HTML)",
    load: () => import("./trace.js"),
  },
};

const HELP = `usage: spindle <command> [options]

commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(10)}${summary}`)
  .join("\n")}

Run \`spindle <command> --help\` for a command's options. Times are in seconds.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(HELP);
    return name === undefined ? 2 : 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    console.error(`spindle: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`spindle ${name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
