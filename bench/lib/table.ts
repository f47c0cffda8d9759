// Fixed-width text table. Widths come from the widest cell so nothing is cut; `null` rows draw a
// rule, which the report uses between workloads.

export interface Column {
  title: string;
  align: "left" | "right";
}

function pad(text: string, width: number, align: "left" | "right"): string {
  return align === "left" ? text.padEnd(width) : text.padStart(width);
}

export function renderTable(columns: Column[], rows: (string[] | null)[]): string {
  const widths = columns.map((c, i) =>
    Math.max(c.title.length, ...rows.map((r) => (r === null ? 0 : (r[i] ?? "").length))),
  );
  const line = (cells: string[]) =>
    columns
      .map((c, i) => pad(cells[i] ?? "", widths[i]!, c.align))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const out = [
    line(columns.map((c) => c.title)),
    rule,
    ...rows.map((r) => (r === null ? rule : line(r))),
  ];
  return out.join("\n");
}
