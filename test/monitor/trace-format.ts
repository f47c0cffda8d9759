// A checker for the Chrome trace-event format as Perfetto and chrome://tracing read it: required
// fields, B/E balanced and nested per thread, async b/e matched by (cat, id), flows s/f matched
// by (cat, id) with both ends inside a slice of their thread, names for every thread used.
import type { ChromeEvent, ChromeTrace } from "../../src/monitor/index.js";

/** The problems found, in words (empty: the trace is well-formed). */
export function checkChromeTrace(trace: ChromeTrace): string[] {
  const problems: string[] = [];
  const lane = (e: ChromeEvent) => `${e.pid}/${e.tid}`;
  const slices = new Map<string, [number, number][]>();
  const stacks = new Map<string, ChromeEvent[]>();
  const names = new Set<string>();
  const asyncOpen = new Map<string, ChromeEvent>();
  const flows = new Map<string, ChromeEvent>();
  const flowEnds: ChromeEvent[] = [];
  const flowStarts: ChromeEvent[] = [];
  if (!Array.isArray(trace.traceEvents)) return ["traceEvents is not an array"];
  const sorted = trace.traceEvents
    .map((e, i) => ({ e, i }))
    .sort((x, y) => x.e.ts - y.e.ts || x.i - y.i)
    .map(({ e }) => e);
  for (const e of sorted) {
    for (const field of ["name", "ph", "ts", "pid", "tid"] as const) {
      if (e[field] === undefined) problems.push(`${JSON.stringify(e)}: no ${field}`);
    }
    if (typeof e.ts !== "number" || !Number.isFinite(e.ts) || e.ts < 0) {
      problems.push(`${JSON.stringify(e)}: ts must be a finite number >= 0`);
    }
    switch (e.ph) {
      case "M":
        if (e.name === "thread_name") names.add(lane(e));
        if (
          (e.name === "thread_name" || e.name === "process_name") &&
          typeof e.args?.name !== "string"
        ) {
          problems.push(`${JSON.stringify(e)}: metadata without args.name`);
        }
        break;
      case "B": {
        const stack = stacks.get(lane(e)) ?? [];
        stack.push(e);
        stacks.set(lane(e), stack);
        break;
      }
      case "E": {
        const begin = stacks.get(lane(e))?.pop();
        if (begin === undefined) problems.push(`E without B on ${lane(e)} at ${e.ts}`);
        else {
          const list = slices.get(lane(e)) ?? [];
          list.push([begin.ts, e.ts]);
          slices.set(lane(e), list);
        }
        break;
      }
      case "b":
      case "e": {
        if (e.cat === undefined || e.id === undefined) problems.push(`${e.ph} without cat/id`);
        const key = `${e.cat}:${e.id}`;
        if (e.ph === "b") {
          if (asyncOpen.has(key)) problems.push(`async ${key} begun twice`);
          asyncOpen.set(key, e);
        } else {
          const begin = asyncOpen.get(key);
          if (begin === undefined) problems.push(`async e ${key} without b`);
          else if (begin.name !== e.name) problems.push(`async ${key}: b and e names differ`);
          asyncOpen.delete(key);
        }
        break;
      }
      case "s":
        if (e.cat === undefined || e.id === undefined) problems.push("s without cat/id");
        if (flows.has(`${e.cat}:${e.id}`)) problems.push(`flow ${e.cat}:${e.id} started twice`);
        flows.set(`${e.cat}:${e.id}`, e);
        flowStarts.push(e);
        break;
      case "f":
        if (e.bp !== "e") problems.push(`flow end ${e.cat}:${e.id} without bp "e"`);
        if (!flows.has(`${e.cat}:${e.id}`)) problems.push(`flow end ${e.cat}:${e.id} without a start before it`); // biome-ignore format: one message
        flowEnds.push(e);
        break;
      case "i":
        break;
      default:
        problems.push(`unknown phase ${String(e.ph)}`);
    }
  }
  for (const [where, stack] of stacks) {
    if (stack.length > 0) problems.push(`${stack.length} B without E on ${where}`);
  }
  for (const key of asyncOpen.keys()) problems.push(`async ${key} never ended`);
  const inSlice = (e: ChromeEvent) =>
    (slices.get(lane(e)) ?? []).some(([b, end]) => b <= e.ts && e.ts <= end);
  for (const e of [...flowStarts, ...flowEnds]) {
    if (!inSlice(e)) problems.push(`flow ${e.ph} ${e.cat}:${e.id} at ${e.ts} is in no slice of ${lane(e)}`); // biome-ignore format: one message
  }
  const ended = new Set(flowEnds.map((e) => `${e.cat}:${e.id}`));
  for (const e of flowStarts) {
    if (!ended.has(`${e.cat}:${e.id}`)) problems.push(`flow ${e.cat}:${e.id} never ends`);
  }
  for (const where of slices.keys()) {
    if (!names.has(where)) problems.push(`thread ${where} has slices but no thread_name`);
  }
  return problems;
}
