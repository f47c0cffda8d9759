import { writeFileSync } from "node:fs";
import { isMainThread } from "node:worker_threads";
import { type Recording, record } from "./recorder.js";
import { serve } from "./server.js";

/**
 * The environment switches, read once when `spindle/monitor` is first imported (for instance by
 * `node --import spindle/monitor app.js`, which is what `spindle top` and `spindle trace` do):
 * - `SPINDLE_MONITOR=<port|path>`: serve the live view (a number: a TCP port on 127.0.0.1;
 *   anything else: a unix socket path). Nothing listens without it.
 * - `SPINDLE_TRACE=<file.json|file.html>` (and `SPINDLE_TRACE_CAPACITY=<events>`): record every
 *   loop of the run and write the trace when the process exits (or is interrupted).
 * A mistake in either is printed to stderr and the program runs on unmonitored.
 */
export function fromEnvironment(env: NodeJS.ProcessEnv): void {
  if (!isMainThread) return;
  const monitor = env.SPINDLE_MONITOR;
  const trace = env.SPINDLE_TRACE;
  const capacity = env.SPINDLE_TRACE_CAPACITY;
  // This process takes them: its worker threads and child processes (pools) must not serve or
  // trace on the same path again.
  delete env.SPINDLE_MONITOR;
  delete env.SPINDLE_TRACE;
  delete env.SPINDLE_TRACE_CAPACITY;
  if (monitor !== undefined && monitor !== "") {
    const options = /^\d+$/.test(monitor) ? { port: Number(monitor) } : { path: monitor };
    serve(options).catch((error: Error) => {
      process.stderr.write(`spindle monitor: SPINDLE_MONITOR=${monitor}: ${error.message}\n`);
    });
  }
  if (trace !== undefined && trace !== "") traceAtExit(trace, capacity);
}

function traceAtExit(path: string, capacity: string | undefined): void {
  let recording: Recording;
  try {
    if (!/\.(json|html?)$/i.test(path)) {
      throw new RangeError(
        "the file's extension says the format: .json (Chrome trace, for Perfetto) or .html (a timeline page)",
      );
    }
    recording = record(capacity ? { capacity: Number(capacity) } : {});
  } catch (error) {
    process.stderr.write(`spindle monitor: SPINDLE_TRACE=${path}: ${(error as Error).message}\n`);
    return;
  }
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    const trace = recording.stop();
    try {
      writeFileSync(path, trace.render(path));
    } catch (error) {
      process.stderr.write(`spindle monitor: cannot write the trace to ${path}: ${(error as Error).message}\n`); // biome-ignore format: one message
    }
  };
  process.once("exit", write);
  // Interrupted: write the trace, then die of the signal as the program would have, unless the
  // program handles the signal itself (then it decides, and 'exit' writes nothing twice).
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    const onSignal = () => {
      write();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.once(signal, onSignal);
  }
}
