// Number formatting for the table: short, aligned, with the unit implied by the metric column.
import type { Unit } from "./workload.js";

/** 12.3M, 456k, 789 — for rates. */
function rate(v: number): string {
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  return v.toFixed(0);
}

export function formatValue(v: number, unit: Unit): string {
  if (!Number.isFinite(v)) return "—";
  switch (unit) {
    case "rate":
      return rate(v);
    case "ms":
    case "µs":
      return Math.abs(v) < 10 ? v.toFixed(2) : v.toFixed(1);
    case "MB":
      return v.toFixed(1);
    case "bytes":
    case "count":
      return v.toFixed(0);
    case "ratio":
      return formatRatio(v);
  }
}

/** 48.0x, 1.23x, 0.084x. */
export function formatRatio(r: number): string {
  if (!Number.isFinite(r)) return "—";
  if (r >= 100) return `${r.toFixed(0)}x`;
  if (r >= 10) return `${r.toFixed(1)}x`;
  if (r >= 0.1) return `${r.toFixed(2)}x`;
  return `${r.toFixed(3)}x`;
}

/** ±4% */
export function formatSpread(s: number): string {
  return Number.isFinite(s) ? `±${(s * 100).toFixed(0)}%` : "";
}
