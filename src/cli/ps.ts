// `spindle ps <port|path>`: one snapshot of a running program, printed as its await tree (as
// Python 3.14's `python -m asyncio pstree` prints its own), then the lints.
import { formatTree, type Snapshot } from "../monitor/index.js";
import { fetchSnapshot, NoMonitorError, parseTarget } from "./monitor-client.js";
import { parseFlags } from "./usage.js";

export const usage = `usage: spindle ps <port|host:port|socket-path> [--table] [--json]

Prints a running program's tasks once, as an await tree: each task (T) under the task that
created it, with what it waits on (and who holds that) beneath it; then the lints.
The program serves its monitor with SPINDLE_MONITOR=<port|path> (spindle/monitor imported)
or serve().

  --table   a table instead: id, name, state, waits on, holds, parent, created at, steps, CPU
  --json    the snapshot as JSON`;

export async function run(args: string[]): Promise<number> {
  const positional = args.filter((a) => !a.startsWith("-"));
  const { values } = parseFlags(
    args.filter((a) => a.startsWith("-")),
    { table: { type: "boolean" }, json: { type: "boolean" } },
  );
  const target = parseTarget(positional[0], "spindle ps");
  let snap: Snapshot;
  try {
    snap = await fetchSnapshot(target);
  } catch (error) {
    if (!(error instanceof NoMonitorError)) throw error;
    console.error(`spindle ps: ${error.message}`);
    return 1;
  }
  if (values.json) {
    console.log(JSON.stringify(snap, null, 2));
    return 0;
  }
  console.log(values.table ? formatTable(snap) : formatTree(snap));
  if (snap.lints.length > 0) {
    console.log("\nlints:");
    for (const lint of snap.lints) console.log(`  ${lint.kind}: ${lint.message}`);
  }
  return 0;
}

/** The flat table (Python's `ps`). */
export function formatTable(snap: Snapshot): string {
  const byId = new Map(snap.tasks.map((t) => [t.id, t.name]));
  const rows = [["id", "name", "state", "waits on", "holds", "parent", "created at", "steps", "cpu s"]]; // biome-ignore format: a header
  for (const t of snap.tasks) {
    rows.push([
      String(t.id),
      t.name,
      t.state,
      t.waitingOn ?? "",
      t.holding.join(", "),
      t.parent === null ? "" : (byId.get(t.parent) ?? `#${t.parent}`),
      t.createdAt ?? "",
      t.steps === null ? "" : String(t.steps),
      t.cpu === null ? "" : t.cpu.toFixed(3),
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join("  ").trimEnd()).join("\n"); // biome-ignore format: one line
}
