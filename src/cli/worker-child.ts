// The process `spindle worker` runs and replaces: serve() with the flags' options. It tells its
// parent when it is ready, sends a heartbeat every second (a blocked event loop stops it), exits
// with REPLACE_ME when serve() asks to be replaced, and stops gracefully on SIGTERM or when its
// parent is gone.
import { RedisConnectionError, serve } from "../distributed/index.js";
import type { ServeOptions } from "../distributed/serve-options.js";
import type { ChildConfig } from "./worker.js";

const REPLACE_ME = 75;
const send = (message: object) => {
  if (process.connected) process.send?.(message);
};

const config = JSON.parse(process.argv[2] ?? "{}") as ChildConfig;
let worker: Awaited<ReturnType<typeof serve>>;
try {
  worker = await serve(config.serve as unknown as ServeOptions);
} catch (error) {
  process.stderr.write(`spindle worker: ${(error as Error).message}\n`);
  // Bad options or modules will not get better on a retry; Redis may come up.
  process.exit(error instanceof RedisConnectionError ? 1 : 2);
}

send({ t: "ready" });
const beat = setInterval(() => send({ t: "beat" }), 1000);
beat.unref();

const stop = () =>
  void worker.close(
    config.shutdownTimeout === undefined ? {} : { timeout: config.shutdownTimeout },
  );
process.on("SIGTERM", stop);
process.on("SIGINT", () => {}); // the parent decides (it forwards SIGTERM)
process.on("disconnect", stop); // the parent is gone

const exit = await worker.closed;
clearInterval(beat);
process.exit(exit.replace ? REPLACE_ME : 0);
