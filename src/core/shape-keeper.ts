import { Loop } from "./loop.js";

/**
 * Keeps one dormant instance of each class on the hot path alive for the life of the process.
 *
 * Why: V8 drops an object layout (a "map") when a full GC finds no live object using it. Between
 * two `run()` calls no Loop, Task or Future may be alive, so the next ones get fresh layouts,
 * and the hot paths (the driver's turn, the pass, the task step), optimised for the old layouts,
 * deoptimise and end up megamorphic: task switches ran 2-3x slower from the third `run()` on in
 * a process that collects between runs. One instance of each keeps the layouts, and the code.
 * The loop here never runs; its task and callbacks never execute.
 */
const keeper = new Loop();
const alive: unknown[] = [
  keeper,
  keeper.createTask(function* () {}, { name: "spindle shape keeper" }),
  keeper.createFuture(),
  keeper.callSoon(() => {}),
  keeper.callLater(Number.POSITIVE_INFINITY, () => {}),
];

/** @internal The kept objects (exported so no bundler drops them as unused). */
export function keptShapes(): readonly unknown[] {
  return alive;
}
