import { performance } from "node:perf_hooks";
// Node's own timers: gevent's monkey patching replaces the globals with the hub's.
import { clearTimeout, setTimeout } from "node:timers";
import type { LagSnapshot } from "./types.js";

/**
 * Loop lag: how late Node's event loop runs a timer (spindle's loop runs inside it, so a long
 * step shows here), as clinic.js doctor measures it: a timer due every INTERVAL ms, each firing's
 * lateness one sample. (Node's `monitorEventLoopDelay` missed a 150 ms block here: it samples
 * from the loop's cached time.) It runs only while some monitor consumer wants it, never keeps
 * the process alive, and each read covers the samples since the previous one (at most MAX kept).
 */
const INTERVAL = 20;
const MAX = 4096;

let samples: number[] = [];
let timer: NodeJS.Timeout | null = null;
let users = 0;

function arm(): void {
  const due = performance.now() + INTERVAL;
  timer = setTimeout(() => {
    if (samples.length < MAX) samples.push(Math.max(0, performance.now() - due) / 1000);
    arm();
  }, INTERVAL);
  timer.unref();
}

/** Starts measuring (counted); returns the function that stops this user's measuring. */
export function measureLag(): () => void {
  if (users++ === 0) arm();
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    if (--users === 0 && timer !== null) {
      clearTimeout(timer);
      timer = null;
      samples = [];
    }
  };
}

/** The lag since the last read, in seconds, or null while nobody measures (or no sample yet). */
export function readLag(): LagSnapshot | null {
  if (timer === null || samples.length === 0) return null;
  const sorted = samples.sort((a, b) => a - b);
  samples = [];
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1]! };
}
