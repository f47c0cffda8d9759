// What the monitor costs. Each workload runs one of the existing ones (W1 ping-pong, W7 timers,
// IO1 TCP echo: their own code, imported) twice in the same run: without the monitor (the
// reference row) and with it in one mode, and prints monitored / plain. Modes:
//   loaded     `import "spindle/monitor"`, nothing asked of it (what shipping it costs)
//   served     serve() on a unix socket: watching every loop (sites, steps, CPU time), no recording
//   recording  record({ capacity: 65536 }) around the run: every step an event (the worst case)
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cases as echo } from "../io/tcp-echo.js";
import { cases as pingpong } from "../kernel/w1-pingpong.js";
import { cases as timers } from "../kernel/w7-timers.js";
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { nodeImpl, type Workload } from "../lib/workload.js";

const OFF = 0;
const LOADED = 1;
const SERVED = 2;
const RECORDING = 3;
const MODES: readonly string[] = ["off", "loaded", "served", "recording"];

/** `inner`'s body, run with the monitor in `params.mode` around each repetition. */
function monitored(inner: CaseFactory): CaseFactory {
  return async (params: Params) => {
    const mode = params.mode ?? OFF;
    const body: Body = await inner(params);
    if (mode === OFF) return body;
    const monitor = await import("spindle/monitor");
    if (mode === LOADED) return body;
    return async () => {
      if (mode === RECORDING) {
        const recording = monitor.record({ capacity: 1 << 16 });
        try {
          return await body();
        } finally {
          recording.stop();
        }
      }
      const dir = await mkdtemp(join(tmpdir(), "spindle-bench-"));
      const server = await monitor.serve({ path: join(dir, "monitor.sock") });
      try {
        return await body();
      } finally {
        await server.close();
        await rm(dir, { recursive: true, force: true });
      }
    };
  };
}

export const cases: Record<string, CaseFactory> = {
  pingpong: monitored(pingpong.spindleYield!),
  timers: monitored(timers.spindle!),
  echo: monitored(echo.spindle!),
};

const here = import.meta.url;

/** A workload: the plain run (reference) and the run in `mode`, with the slowdown allowed. */
function overhead(
  id: string,
  what: string,
  caseName: string,
  params: Params,
  mode: number,
  metric: { key: string; label: string; better: "higher" | "lower"; unit: "rate" | "ms" },
  slowdown: number | null,
  reps = 5,
): Workload {
  // Ratio = monitored / plain: a rate may drop to 1 / (1 + slowdown), a time grow to 1 + slowdown.
  const name = MODES[mode]!;
  const limit = metric.better === "higher" ? 1 / (1 + (slowdown ?? 0)) : 1 + (slowdown ?? 0);
  return {
    id,
    title: `${what}: monitor ${name} against no monitor${slowdown === null ? "" : ` (at most ${slowdown * 100}% slower)`}`, // biome-ignore format: one line
    metrics: [{ key: metric.key, label: metric.label, unit: metric.unit, better: metric.better }],
    impls: [
      nodeImpl(name, `spindle, monitor ${name}`, here, caseName, { ...params, mode }, { spindle: true, reps }), // biome-ignore format: one row
      nodeImpl("off", "spindle, no monitor", here, caseName, { ...params, mode: OFF }, { reps }),
    ],
    targets:
      slowdown === null
        ? []
        : [{ impl: "off", metric: metric.key, ratio: { op: metric.better === "higher" ? ">=" : "<=", limit } }], // biome-ignore format: one target
  };
}

const switches = { switches: 2_000_000 };
const rate = { key: "switchesPerSec", label: "switches/s", better: "higher", unit: "rate" } as const; // biome-ignore format: one line
const fired = { key: "totalMs", label: "all fired ms", better: "lower", unit: "ms" } as const;
const trips = { key: "roundTripsPerSec", label: "round trips/s", better: "higher", unit: "rate" } as const; // biome-ignore format: one line

export const workloads: Workload[] = [
  overhead("M1", "W1 ping-pong, 2M switches", "pingpong", switches, LOADED, rate, 0.01),
  overhead("M1r", "W1 ping-pong, 2M switches", "pingpong", switches, RECORDING, rate, 0.1),
  overhead("M1s", "W1 ping-pong, 2M switches", "pingpong", switches, SERVED, rate, null),
  overhead("M7r", "W7 timers, 100k", "timers", { timers: 100_000, seed: 7 }, RECORDING, fired, 0.03), // biome-ignore format: one line
  overhead("MIOr", "IO1 TCP echo, 200 x 500", "echo", { connections: 200, trips: 500 }, RECORDING, trips, 0.03, 3), // biome-ignore format: one line
  overhead("MIOs", "IO1 TCP echo, 200 x 500", "echo", { connections: 200, trips: 500 }, SERVED, trips, null, 3), // biome-ignore format: one line
];
