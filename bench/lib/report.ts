// Turns measurements into table rows: median per metric, spindle / peer ratios, targets.

import type { Params } from "./case.js";
import { formatRatio, formatSpread, formatValue } from "./format.js";
import type { ImplResult } from "./run.js";
import { median, spread } from "./stats.js";
import type { Column } from "./table.js";
import { type Bound, type Metric, PEAK_RSS_MB, type Target, type Workload } from "./workload.js";

export const COLUMNS: Column[] = [
  { title: "workload", align: "left" },
  { title: "implementation", align: "left" },
  { title: "metric", align: "left" },
  { title: "median", align: "right" },
  { title: "spread", align: "right" },
  { title: "spindle/peer", align: "right" },
  { title: "target", align: "left" },
  { title: "result", align: "left" },
];

export interface Verdict {
  workload: string;
  impl: string;
  metric: string;
  target: string;
  /** null when there was nothing to judge (a peer or spindle itself failed or was skipped). */
  pass: boolean | null;
}

export interface WorkloadReport {
  rows: string[][];
  verdicts: Verdict[];
  /** Errors, skipped runtimes, checksum mismatches: printed under the table. */
  notes: string[];
}

/** "tasks=10k" for each param where `impl` differs from `reference`, so smaller runs are visible. */
function sizeNote(params: Params, reference: Params | undefined): string {
  if (reference === undefined) return "";
  const diffs = Object.entries(params)
    .filter(([k, v]) => reference[k] !== v)
    .map(([k, v]) => `${k}=${v >= 1000 && v % 1000 === 0 ? `${v / 1000}k` : v}`);
  return diffs.length > 0 ? ` [${diffs.join(", ")}]` : "";
}

function sameParams(a: Params, b: Params): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Per-repetition values of `metric` for one implementation (empty when it did not run). */
function values(result: ImplResult, metric: Metric): number[] {
  const report = result.report;
  if (report === null) return [];
  if (metric.key === PEAK_RSS_MB) return [report.maxRssKB / 1024];
  return report.samples.map((s) => s[metric.key]).filter((v): v is number => v !== undefined);
}

function holds(value: number, bound: Bound): boolean {
  return bound.op === ">=" ? value >= bound.limit : value <= bound.limit;
}

function describe(target: Target, metric: Metric): string {
  // Two decimals at most: 1 / 1.1 reads 0.91x, not 0.9090909090909091x.
  if (target.ratio) return `${target.ratio.op} ${Number(target.ratio.limit.toFixed(2))}x`;
  if (target.value) {
    const unit =
      metric.unit === "rate"
        ? "/s"
        : metric.unit === "count" || metric.unit === "ratio"
          ? ""
          : ` ${metric.unit === "bytes" ? "B" : metric.unit}`;
    return `${target.value.op} ${formatValue(target.value.limit, metric.unit)}${unit}`;
  }
  return "";
}

export function buildReport(w: Workload, results: ImplResult[]): WorkloadReport {
  const rows: string[][] = [];
  const verdicts: Verdict[] = [];
  const notes: string[] = [];
  const spindles = results.filter((r) => r.impl.spindle);

  for (const result of results) {
    const { impl } = result;
    const label =
      impl.label + (impl.spindle ? "" : sizeNote(impl.params, spindles[0]?.impl.params));
    if (result.report === null) {
      const status = result.error?.startsWith("skipped") ? "SKIP" : "ERROR";
      rows.push([w.id, label, "", "", "", "", "", status]);
      notes.push(`${w.id} ${impl.label}: ${result.error ?? "no result"}`);
      // Its targets are still listed, unjudged, so a missing peer cannot pass silently.
      for (const t of w.targets.filter((t) => t.impl === impl.id)) {
        const metric = w.metrics.find((m) => m.key === t.metric);
        if (metric === undefined) continue;
        const target = describe(t, metric);
        verdicts.push({
          workload: w.id,
          impl: impl.label,
          metric: metric.label,
          target,
          pass: null,
        });
      }
      continue;
    }
    for (const metric of w.metrics) {
      const vs = values(result, metric);
      if (vs.length === 0) continue;
      const m = median(vs);
      // Ratio against every spindle row that has this metric (W1 has two spindle variants). A
      // size-dependent metric (peak RSS) compares only runs of the same size.
      const ratios = impl.spindle
        ? []
        : spindles
            .filter((s) => !metric.sizeDependent || sameParams(s.impl.params, impl.params))
            .map((s) => median(values(s, metric)) / m)
            .filter((r) => !Number.isNaN(r));
      const target = w.targets.find((t) => t.impl === impl.id && t.metric === metric.key);
      let targetText = "";
      let verdict = "";
      if (target !== undefined) {
        targetText = describe(target, metric);
        let pass: boolean | null = null;
        if (target.ratio)
          pass = ratios.length > 0 ? ratios.every((r) => holds(r, target.ratio!)) : null;
        else if (target.value) pass = holds(m, target.value);
        verdict = pass === null ? "n/a" : pass ? "PASS" : "FAIL";
        verdicts.push({
          workload: w.id,
          impl: impl.label,
          metric: metric.label,
          target: targetText,
          pass,
        });
      }
      rows.push([
        w.id,
        label,
        metric.label,
        formatValue(m, metric.unit),
        vs.length > 1 ? formatSpread(spread(vs)) : "",
        ratios.map(formatRatio).join(" / "),
        targetText,
        verdict,
      ]);
    }
  }

  if (w.checksum !== undefined) {
    const key = w.checksum;
    const sums = results
      .filter((r) => r.report !== null)
      .map((r) => ({ label: r.impl.label, sum: r.report!.samples[0]?.[key] }));
    const first = sums[0]?.sum;
    for (const { label, sum } of sums) {
      if (
        first === undefined ||
        sum === undefined ||
        Math.abs(sum - first) > 1e-6 * Math.abs(first)
      ) {
        notes.push(
          `${w.id} ${label}: input checksum ${sum} differs from ${first}: inputs not identical`,
        );
      }
    }
  }
  return { rows, verdicts, notes };
}
