// A throwaway local redis-server for tests, examples, benchmarks and trying things out: Debian's
// `redis-server` on a free loopback port, persistence off, stopped by `stop()`.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer, Socket } from "node:net";

/** How to get redis-server, for every message that finds it missing. */
export const INSTALL_REDIS =
  "install it with `sudo apt-get install redis-server` (Debian/Ubuntu) or `brew install redis` (macOS)";

/**
 * A redis-server started by {@link startRedisServer}.
 * @example
 * const redis = await startRedisServer();
 * console.log(redis.url); // redis://127.0.0.1:40123
 * await redis.stop();
 */
export interface LocalRedis {
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:PORT`, what `QueueExecutor({ connection })` and `spindle worker --redis` take. */
  readonly url: string;
  /** The server's process id. */
  readonly pid: number;
  /** Stops the server (SIGTERM; nothing is saved) and resolves once it exited. */
  stop(): Promise<void>;
}

/**
 * Whether `redis-server` is on the PATH.
 * @example
 * if (!hasRedisServer()) console.log("no redis-server: skipping");
 */
export function hasRedisServer(): boolean {
  const probe = spawnSync("redis-server", ["--version"], { stdio: "ignore" });
  return probe.error === undefined && probe.status === 0;
}

/** A loopback port nobody listens on now (the OS picks it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `redis-server` on a free loopback port with persistence off (`--save ''
 * --appendonly no`), and resolves once it accepts connections. Throws an Error saying how to
 * install it when it is not on the PATH. Stop it with `stop()`; it also dies with this process.
 * @example
 * const redis = await startRedisServer();
 * await using pool = new QueueExecutor({ queue: "jobs", connection: redis.url });
 * // …
 * await redis.stop();
 */
export async function startRedisServer(): Promise<LocalRedis> {
  if (!hasRedisServer()) {
    throw new Error(`startRedisServer(): redis-server is not on the PATH; ${INSTALL_REDIS}`);
  }
  // Another process may take the port between the probe and the bind: try a few times.
  let lastOutput = "";
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(
      "redis-server",
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "no",
        "--loglevel",
        "warning",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const ready = await accepting(child, port);
    if (ready === true) return handle(child, port);
    lastOutput = ready;
  }
  throw new Error(`startRedisServer(): redis-server would not start: ${lastOutput.trim()}`);
}

/** Resolves true once `port` accepts connections, or the server's output if it exited first. */
function accepting(child: ChildProcess, port: number): Promise<true | string> {
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: true | string) => {
      if (done) return;
      done = true;
      clearInterval(poll);
      resolve(value);
    };
    child.once("exit", () => finish(output || "it exited"));
    child.once("error", (error) => finish(error.message));
    const poll = setInterval(() => {
      const socket = createServerProbe(port, () => finish(true));
      socket.unref();
    }, 20);
  });
}

function createServerProbe(port: number, onOpen: () => void): Socket {
  const socket = new Socket();
  socket.once("connect", () => {
    socket.destroy();
    onOpen();
  });
  socket.once("error", () => socket.destroy());
  socket.connect(port, "127.0.0.1");
  return socket;
}

function handle(child: ChildProcess, port: number): LocalRedis {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  // Never keeps this process alive by itself; dies with it (see the exit hook below).
  child.unref();
  (child.stdout as { unref?(): void } | null)?.unref?.();
  (child.stderr as { unref?(): void } | null)?.unref?.();
  live.add(child);
  const host = "127.0.0.1";
  return {
    host,
    port,
    url: `redis://${host}:${port}`,
    pid: child.pid as number,
    stop: () => {
      live.delete(child);
      child.ref(); // wait for its exit even when nothing else keeps this process alive
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Servers not stopped yet: killed when this process exits, so none outlives its owner. */
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});
