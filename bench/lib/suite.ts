// A suite is a named list of workloads; running it prints one table for all of them, the notes
// (errors, skipped runtimes) and a PASS/FAIL summary of the targets.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildReport, COLUMNS, type Verdict } from "./report.js";
import { type ImplResult, type RunOptions, runWorkload } from "./run.js";
import { renderTable } from "./table.js";
import type { Workload } from "./workload.js";

export interface Suite {
  name: string;
  title: string;
  workloads: Workload[];
}

export interface SuiteOptions extends RunOptions {
  /** Run only the workloads with these ids (case-insensitive), e.g. ["W1"]. */
  only?: string[];
}

// Raw samples land here (git-ignored) so two runs can be compared beyond the medians.
const resultsDir = fileURLToPath(new URL("../../../bench/results/", import.meta.url));

export async function runSuite(suite: Suite, options: SuiteOptions = {}): Promise<Verdict[]> {
  const only = options.only?.map((id) => id.toLowerCase());
  const workloads = suite.workloads.filter((w) => !only || only.includes(w.id.toLowerCase()));
  console.log(`\n== ${suite.name}: ${suite.title}`);
  for (const w of workloads) console.log(`   ${w.id}  ${w.title}`);
  console.log("");

  const rows: (string[] | null)[] = [];
  const notes: string[] = [];
  const verdicts: Verdict[] = [];
  const raw: Record<string, ImplResult[]> = {};
  for (const w of workloads) {
    const results = await runWorkload(w, options);
    raw[w.id] = results;
    const report = buildReport(w, results);
    if (rows.length > 0) rows.push(null);
    rows.push(...report.rows);
    notes.push(...report.notes);
    verdicts.push(...report.verdicts);
  }

  console.log(renderTable(COLUMNS, rows));
  for (const note of notes) console.log(`note: ${note}`);
  const passed = verdicts.filter((v) => v.pass === true).length;
  const failed = verdicts.filter((v) => v.pass === false);
  const unjudged = verdicts.filter((v) => v.pass === null).length;
  const unjudgedText = unjudged > 0 ? `, ${unjudged} n/a` : "";
  console.log(`\ntargets: ${passed} PASS, ${failed.length} FAIL${unjudgedText}`);
  for (const v of failed) console.log(`  FAIL ${v.workload} ${v.impl} ${v.metric}: ${v.target}`);

  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(`${resultsDir}${suite.name}.json`, `${JSON.stringify(raw, null, 1)}\n`);
  return verdicts;
}
