// `spindle trace -o run.json -- node app.js`: runs a program with the flight recorder on for its
// whole run, and leaves the trace in a file (Chrome trace JSON for Perfetto, or an HTML page).
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { commandAfterDashes, startMonitored } from "./monitor-client.js";
import { numberFlag, parseFlags, UsageError } from "./usage.js";

export const usage = `usage: spindle trace -o <run.json|run.html> [--capacity N] -- <command...>

Runs the command (a Node program using spindle, e.g. \`node app.js\`) with spindle's flight
recorder on, and writes what its loops did when it exits (or is interrupted): every task step,
wait, wake-up and spawn, the newest N events (default 262144, 27 bytes each).

  -o, --output     the trace file: .json (open in https://ui.perfetto.dev or chrome://tracing)
                   or .html (a self-contained timeline page)
  --capacity N     events kept`;

export async function run(args: string[]): Promise<number> {
  const { own, command } = commandAfterDashes(args, usage);
  const { values } = parseFlags(own, {
    output: { type: "string", short: "o" },
    capacity: { type: "string" },
  });
  if (command.length === 0) throw new UsageError('the program to run goes after "--"');
  if (values.output === undefined) throw new UsageError("-o <file> is required");
  if (!/\.(json|html?)$/i.test(values.output)) {
    throw new UsageError(`-o ${values.output}: the extension says the format: .json or .html`);
  }
  const capacity = numberFlag(values.capacity, "capacity", true);
  if (capacity !== undefined && capacity < 1) throw new UsageError("--capacity must be >= 1");
  const output = resolve(values.output);
  const before = existsSync(output) ? statSync(output).mtimeMs : null;
  const vars: Record<string, string> = { SPINDLE_TRACE: output };
  if (capacity !== undefined) vars.SPINDLE_TRACE_CAPACITY = String(capacity);
  // Ctrl-C reaches the program too (same process group): it writes its trace and ends; we wait.
  const ignore = () => {};
  process.on("SIGINT", ignore);
  try {
    const { exited } = startMonitored(command, vars, "inherit");
    const code = await exited;
    const written = existsSync(output) && statSync(output).mtimeMs !== before;
    if (!written) {
      console.error(
        `spindle trace: ${command.join(" ")} wrote no trace to ${values.output}; is it a Node program using spindle (the same spindle as this command: run it with npx spindle)?`,
      );
      return code === 0 ? 1 : code;
    }
    const viewer = output.endsWith(".json")
      ? "open it in https://ui.perfetto.dev or chrome://tracing"
      : "open it in a browser";
    console.error(`spindle trace: wrote ${values.output} (${statSync(output).size} bytes); ${viewer}`); // biome-ignore format: one message
    return code;
  } finally {
    process.off("SIGINT", ignore);
  }
}
