import { type BlockedTask, DeadlockError } from "./errors.js";
import { Future } from "./future.js";
import { Task } from "./task.js";

/** What one task waits on, in words, and the tasks it thereby waits for. */
function edgesOf(task: Task<unknown>): { waitsOn: string; waitsFor: Task<unknown>[] } {
  const trap = task.waitingOn();
  if (trap === null) return { waitsOn: "nothing (it is not blocked)", waitsFor: [] };
  if (trap instanceof Task) {
    return { waitsOn: `${trap.describe()} to finish`, waitsFor: [trap] };
  }
  if (task.getCoro() === null) {
    const waitsOn =
      task.cancelling() > 0
        ? "its async function, which was cancelled (its AbortSignal fired) but has not settled; make it honour its signal"
        : "its async function's promise, which nothing will settle";
    return { waitsOn, waitsFor: [] };
  }
  const holders = (trap.holders?.() ?? []).filter((h): h is Task<unknown> => h instanceof Task);
  // A plain future is completed by whoever holds it, which the report cannot name.
  const bare = Object.getPrototypeOf(trap) === Future.prototype;
  return {
    waitsOn: bare ? `${trap.describe()}, which nothing will complete` : trap.describe(),
    waitsFor: holders,
  };
}

/** The first wait-for cycle reachable in the graph, as names with the first repeated, or null. */
function findCycle(graph: Map<Task<unknown>, Task<unknown>[]>): string[] | null {
  const DONE = 2;
  const ON_PATH = 1;
  const mark = new Map<Task<unknown>, number>();
  const path: Task<unknown>[] = [];
  const visit = (task: Task<unknown>): string[] | null => {
    mark.set(task, ON_PATH);
    path.push(task);
    for (const next of graph.get(task) ?? []) {
      if (mark.get(next) === ON_PATH) {
        const loop = path.slice(path.indexOf(next));
        return [...loop, next].map((t) => t.getName());
      }
      if (mark.get(next) === undefined) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    mark.set(task, DONE);
    return null;
  };
  for (const task of graph.keys()) {
    if (mark.get(task) === undefined) {
      const found = visit(task);
      if (found) return found;
    }
  }
  return null;
}

/**
 * The report for a loop where nothing can ever run again: every live task, what it waits on,
 * who holds that, and the wait-for cycle when there is one.
 * @internal
 */
export function deadlockError(liveTasks: Iterable<Task<unknown>>, headline: string): DeadlockError {
  const graph = new Map<Task<unknown>, Task<unknown>[]>();
  const blocked: BlockedTask[] = [];
  const lines: string[] = [];
  for (const task of liveTasks) {
    const { waitsOn, waitsFor } = edgesOf(task);
    graph.set(task, waitsFor);
    blocked.push({ task: task.getName(), waitsOn, heldBy: waitsFor.map((t) => t.getName()) });
    const heldBy =
      waitsFor.length === 0 || task.waitingOn() instanceof Task
        ? ""
        : `, held by ${waitsFor.map((t) => t.describe()).join(", ")}`;
    const holds = task.holding();
    const holding =
      holds.length === 0 ? "" : ` holds ${holds.map((h) => h.describe()).join(", ")} and`;
    lines.push(`  ${task.describe()}${holding} waits on ${waitsOn}${heldBy}`);
  }
  const cycle = findCycle(graph);
  if (cycle) lines.push(`  wait-for cycle: ${cycle.join(" -> ")}`);
  const advice = cycle
    ? "Break the cycle: no task may wait, directly or through others, for a task that waits for it; take locks in the same order in every task, or wait with a timeout."
    : "Make sure something completes what each task waits on (setResult, release, put, set), or wait with a timeout.";
  const message = `${headline}\n${lines.join("\n")}\n${advice}`;
  return new DeadlockError(message, blocked, cycle);
}
