// The header of every report: results are only comparable on the same machine and runtime, and
// under the same method.
import { availableParallelism, cpus, loadavg } from "node:os";
import { pythonMissingNotice, pythonVersion } from "./python.js";
import type { RunOptions } from "./run.js";

export function environmentHeader(options: RunOptions): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  const reps = options.reps === undefined ? "N = 5 (3 for slow peers)" : `N = ${options.reps}`;
  const rounds = options.rounds ?? 2;
  return [
    `date:    ${new Date().toISOString()}`,
    `node:    ${process.version} (V8 ${process.versions.v8}), ${process.platform}/${process.arch}`,
    `cpus:    ${availableParallelism()} × ${cpu}; load average ${load}`,
    `python:  ${pythonVersion() ?? pythonMissingNotice()}`,
    `method:  median of runs per implementation, ${reps}, split over ${rounds} round-robin rounds`,
    `         (ceil(N/${rounds}) runs each); each round a fresh child process, 1 warm-up run first;`,
    `         ${options.gc === false ? "no forced GC" : "a forced full GC before each run"}; spread = half the range / median.`,
  ].join("\n");
}
