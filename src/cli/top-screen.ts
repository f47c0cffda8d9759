// What `spindle top` draws: one frame of plain text with ANSI colours, from a snapshot.
import { awaitChain, type Snapshot, type TaskSnapshot } from "../monitor/index.js";

export type SortKey = "cpu" | "age";

/** The viewer's state between frames. */
export interface View {
  sort: SortKey;
  /** The selected task's id (kept across refreshes), or null. */
  selected: number | null;
  interval: number;
  /** A line about the program (started by top: its pid; exited: its code). */
  status: string;
}

const ESC = "\x1b[";
const COLOURS: Record<TaskSnapshot["state"], string> = {
  running: `${ESC}32m`,
  ready: `${ESC}36m`,
  waiting: `${ESC}33m`,
  cancelling: `${ESC}35m`,
  done: `${ESC}90m`,
};
const RESET = `${ESC}0m`;
const BOLD = `${ESC}1m`;
const REVERSE = `${ESC}7m`;
const RED = `${ESC}31m`;

/** The tasks in display order. */
export function ordered(snap: Snapshot, sort: SortKey): TaskSnapshot[] {
  const key = (t: TaskSnapshot) => (sort === "cpu" ? (t.cpu ?? 0) : (t.age ?? 0));
  return [...snap.tasks].sort((a, b) => key(b) - key(a) || a.id - b.id);
}

const fixed = (n: number | null, digits: number) => (n === null ? "-" : n.toFixed(digits));
const cut = (text: string, width: number) =>
  text.length <= width ? text.padEnd(width) : `${text.slice(0, Math.max(0, width - 1))}…`;

/** One frame: `width` × `height` characters (lines are cut, never wrapped). */
export function frame(snap: Snapshot, view: View, width: number, height: number): string {
  const loop = snap.loop;
  const states = new Map<string, number>();
  for (const t of snap.tasks) states.set(t.state, (states.get(t.state) ?? 0) + 1);
  const counts = [...states].map(([s, n]) => `${n} ${s}`).join(", ");
  const lag = loop.lag ? ` · lag p99 ${(loop.lag.p99 * 1000).toFixed(1)} ms` : "";
  const lines: string[] = [];
  const push = (text: string, style = "") => lines.push(style + text + (style ? RESET : ""));
  push(cut(`spindle top · pid ${snap.pid} · loop time ${snap.loopTime.toFixed(1)} s · ${view.status}`, width), BOLD); // biome-ignore format: one line
  push(cut(`tasks ${snap.tasks.length}${counts ? ` (${counts})` : ""} · ready ${loop.ready} · timers ${loop.timers} · outside ${loop.outside} · passes ${loop.passes} · steps ${loop.steps}${lag}`, width)); // biome-ignore format: one line
  for (const p of snap.pools) {
    push(cut(`pool '${p.name}' (${p.kind}s): ${p.busy} busy, ${p.idle} idle of ${p.maxWorkers} · queued ${p.queued} · done ${p.completed} · failed ${p.failed}`, width)); // biome-ignore format: one line
  }
  push("");
  const nameWidth = Math.max(12, Math.min(28, width - 70));
  push(cut(`${"ID".padStart(5)}  ${"NAME".padEnd(nameWidth)}  ${"STATE".padEnd(10)}  ${"STEPS".padStart(7)}  ${"CPU s".padStart(8)}  ${"AGE s".padStart(7)}  WAITING ON`, width), REVERSE); // biome-ignore format: one line
  const tasks = ordered(snap, view.sort);
  const chain = view.selected === null ? [] : awaitChain(snap, view.selected);
  const lints = snap.lints.map((l) => `${l.kind}: ${l.message}`);
  const footer = `q quit · ↑/↓ select · c sort by CPU · a sort by age · sorted by ${view.sort === "cpu" ? "CPU" : "age"} · every ${view.interval} s`; // biome-ignore format: one line
  const reserved = lines.length + 1 + Math.min(chain.length + 1, 8) + Math.min(lints.length + 1, 5);
  const room = Math.max(3, height - reserved);
  const at = Math.max(
    0,
    tasks.findIndex((t) => t.id === view.selected),
  );
  const first = Math.min(Math.max(0, at - room + 1), Math.max(0, tasks.length - room));
  for (const t of tasks.slice(first, first + room)) {
    const row = `${String(t.id).padStart(5)}  ${cut(t.name, nameWidth)}  ${t.state.padEnd(10)}  ${(t.steps === null ? "-" : String(t.steps)).padStart(7)}  ${fixed(t.cpu, 3).padStart(8)}  ${fixed(t.age, 1).padStart(7)}  ${t.waitingOn ?? ""}${t.holding.length ? `  holds ${t.holding.join(", ")}` : ""}`; // biome-ignore format: one line
    const text = cut(row, width);
    if (t.id === view.selected) push(text, REVERSE);
    else push(text, COLOURS[t.state]);
  }
  if (chain.length > 0) {
    push("");
    push(cut("await chain of the selected task:", width), BOLD);
    for (const line of chain.slice(0, 7)) push(cut(`  ${line}`, width));
  }
  if (lints.length > 0) {
    push("");
    push(cut(`lints (${lints.length}):`, width), `${BOLD}${RED}`);
    for (const line of lints.slice(0, 4)) push(cut(`  ${line}`, width), RED);
  }
  while (lines.length < height - 1) lines.push("");
  lines.length = height - 1;
  lines.push(cut(footer, width));
  return lines.join("\n");
}
