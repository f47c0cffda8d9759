import type { Task } from "../core/index.js";
import { type Column, lineText, type Row } from "./recorder.js";

/** Widest a column gets; longer lines are cut with "…". */
const MAX_WIDTH = 34;
/** Rows shown whole; a longer run shows its first HEAD and last TAIL steps. */
const HEAD = 12;
const TAIL = 48;

/**
 * The interleaving as a table (Lincheck's layout): one column per task, in creation order, one
 * row per step with what that task did — its `shared()` reads and writes, the tasks it started or
 * woke, and how the step ended ("waits on Lock 'db'", "yields", "returns"). A `*` marks the steps
 * where the schedule departs from the default FIFO order. Call it once the run is over.
 *
 * ```
 *  step │ main                    │ ATM-1                │ ATM-2
 * ──────┼─────────────────────────┼──────────────────────┼──────────────────────
 *     1 │ starts ATM-1            │                      │
 *       │ waits on Task 'ATM-1'   │                      │
 *  *  2 │                         │                      │ read balance = 100
 * ```
 * @internal
 */
export function renderTable(tasks: readonly Task<unknown>[], rows: readonly Row[]): string {
  const shown =
    rows.length > HEAD + TAIL + 1 ? [...rows.slice(0, HEAD), ...rows.slice(-TAIL)] : rows;
  const used = new Set<Column>(shown.map((r) => r.column));
  const columns: Column[] = tasks.filter((t) => used.has(t));
  if (used.has("loop")) columns.push("loop");
  const index = new Map(columns.map((column, i) => [column, i]));
  const names = headers(columns);
  const texts = shown.map((row) => row.lines.map((line) => cut(lineText(line, row.column))));
  const widths = names.map((name, i) => {
    let width = Math.min(MAX_WIDTH, name.length);
    shown.forEach((row, r) => {
      if (index.get(row.column) !== i) return;
      for (const text of texts[r]!) width = Math.max(width, text.length);
    });
    return width;
  });
  const stepWidth = Math.max(4, String(rows[rows.length - 1]?.step ?? 0).length + 3);
  const line = (step: string, cells: string[]) =>
    ` ${step.padStart(stepWidth)} │ ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" │ ")}`.trimEnd();
  const out = [
    line("step", names.map(cut)),
    `─${"─".repeat(stepWidth)}─┼${widths.map((w) => "─".repeat(w + 2)).join("┼")}`,
  ];
  shown.forEach((row, r) => {
    if (r === HEAD && shown.length < rows.length) {
      out.push(
        line(
          "⋮",
          columns.map(() => ""),
        ),
      );
      out.push(`   (${rows.length - shown.length} steps not shown)`);
    }
    const at = index.get(row.column)!;
    const lines = texts[r]!.length > 0 ? texts[r]! : ["(nothing to run)"];
    lines.forEach((text, k) => {
      const cells = columns.map((_, i) => (i === at ? text : ""));
      const step = k > 0 ? "" : `${row.deviation ? "* " : ""}${row.step}`;
      out.push(line(step, cells));
    });
  });
  return out.join("\n");
}

/** Column headers: task names, told apart when two tasks share one. */
function headers(columns: readonly Column[]): string[] {
  const names = columns.map((c) => (c === "loop" ? "(callbacks)" : c.getName()));
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

function cut(text: string): string {
  return text.length <= MAX_WIDTH ? text : `${text.slice(0, MAX_WIDTH - 1)}…`;
}
