import type { Snapshot, TaskSnapshot } from "./types.js";

/**
 * The await tree, printed as Python 3.14's `python -m asyncio pstree` prints its own: each task
 * `(T) name`, nested under the task that created it; under a task, what it waits on, and under
 * that wait the tasks it waits for that it created (so a gather's tasks sit under the gather).
 * Holders elsewhere in the tree are named on the wait's line.
 * ```
 * └── (T) main [waiting]
 *     └──  gather() of 2 awaitables
 *         ├── (T) worker-1 [waiting]
 *         │   └──  Lock 'db' held by (T) worker-2
 *         └── (T) worker-2 [waiting] holds Lock 'db'
 *             └──  sleep(0.5)
 * ```
 * @example
 * console.log(formatTree(snapshot()));
 */
export function formatTree(snap: Snapshot): string {
  const byId = new Map(snap.tasks.map((t) => [t.id, t]));
  const children = new Map<number | null, TaskSnapshot[]>();
  for (const t of snap.tasks) {
    const parent = t.parent !== null && byId.has(t.parent) ? t.parent : null;
    const list = children.get(parent) ?? [];
    list.push(t);
    children.set(parent, list);
  }
  const lines: string[] = [];
  const branch = (prefix: string, last: boolean) => `${prefix}${last ? "└── " : "├── "}`;
  const deeper = (prefix: string, last: boolean) => `${prefix}${last ? "    " : "│   "}`;

  const task = (t: TaskSnapshot, prefix: string, last: boolean) => {
    lines.push(`${branch(prefix, last)}${taskLine(t)}`);
    const inner = deeper(prefix, last);
    const kids = children.get(t.id) ?? [];
    const awaited = kids.filter((k) => t.waitsFor.includes(k.id));
    const others = kids.filter((k) => !t.waitsFor.includes(k.id));
    const entries: (() => void)[] = [];
    if (t.waitingOn !== null) {
      const elsewhere = t.waitsFor.filter((id) => !awaited.some((k) => k.id === id));
      const held = elsewhere.map((id) => `(T) ${byId.get(id)?.name ?? `#${id}`}`);
      const text = ` ${t.waitingOn}${held.length > 0 ? ` held by ${held.join(", ")}` : ""}`;
      entries.push(() => {
        const lastEntry = others.length === 0;
        lines.push(`${branch(inner, lastEntry)}${text}`);
        const under = deeper(inner, lastEntry);
        for (const [i, k] of awaited.entries()) task(k, under, i === awaited.length - 1);
      });
    } else {
      for (const k of awaited) others.unshift(k);
    }
    for (const entry of entries) entry();
    for (const [i, k] of others.entries()) task(k, inner, i === others.length - 1);
  };
  const roots = children.get(null) ?? [];
  for (const [i, t] of roots.entries()) task(t, "", i === roots.length - 1);
  return lines.join("\n");
}

/**
 * A task's line: `(T) name [state]`, what it holds, where it was created.
 * @example
 * taskLine(snapshot().tasks[0]!); // "(T) main [running]  app.js:4"
 */
export function taskLine(t: TaskSnapshot): string {
  const holds = t.holding.length > 0 ? ` holds ${t.holding.join(", ")}` : "";
  const site = t.createdAt !== null ? `  ${t.createdAt}` : "";
  return `(T) ${t.name} [${t.state}]${holds}${site}`;
}

/**
 * The chain of what a task waits on, followed through the tasks that hold it: `main` waits on a
 * gather, for `worker-1`, which waits on `Lock 'db'`, held by `worker-2`, which sleeps. One line
 * per step; a task met twice ends the chain (a cycle).
 * @example
 * awaitChain(snapshot(), 1).forEach((line) => console.log(line));
 */
export function awaitChain(snap: Snapshot, id: number): string[] {
  const byId = new Map(snap.tasks.map((t) => [t.id, t]));
  const lines: string[] = [];
  const seen = new Set<number>();
  const visit = (t: TaskSnapshot, depth: number) => {
    const pad = "  ".repeat(depth);
    if (seen.has(t.id)) {
      lines.push(`${pad}(T) ${t.name}: a cycle, back to a task above`);
      return;
    }
    seen.add(t.id);
    lines.push(`${pad}${taskLine(t)}`);
    if (t.waitingOn === null) return;
    lines.push(`${pad}  waits on ${t.waitingOn}`);
    for (const next of t.waitsFor) {
      const holder = byId.get(next);
      if (holder !== undefined) visit(holder, depth + 2);
    }
  };
  const start = byId.get(id);
  if (start !== undefined) visit(start, 0);
  return lines;
}
