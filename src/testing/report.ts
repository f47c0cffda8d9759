import { type FailureKind, NondeterminismError, ScheduleFailure } from "./errors.js";
import {
  type ChoicePolicy,
  type Deviation,
  policyFor,
  ScriptedPolicy,
  type Strategy,
} from "./policy.js";
import { HASH_START, hashText } from "./prng.js";
import { Recorder } from "./recorder.js";
import { type RunFailure, type RunOutcome, runOnce, type Scenario } from "./run.js";
import { shrink } from "./shrink.js";
import { renderTable } from "./table.js";
import { type Checkpoint, encodeToken, type TokenData } from "./token.js";

/** Tokens stay this short; a schedule whose deviations would not fit is given by its seed. */
export const MAX_TOKEN_LENGTH = 200;
/** Checkpoints spread over the run are added while the token stays this short. */
const SPREAD_TOKEN_LENGTH = 120;

/** An exploration's settings, as reports need them. @internal */
export interface Exploration extends Strategy {
  readonly scenario: Scenario;
  readonly name: string;
  readonly runs: number;
  readonly maxSteps: number;
}

/** A recorded run: what it did, its table, its hashes. @internal */
export interface Recording {
  readonly outcome: RunOutcome;
  readonly interleaving: string;
  readonly finalHash: number;
  readonly hashes: readonly number[];
}

/** Runs `policy` once with the recorder on. @internal */
export async function record(
  x: { scenario: Scenario; name: string; maxSteps: number },
  policy: ChoicePolicy,
  recorder = new Recorder(),
): Promise<Recording> {
  const outcome = await runOnce({ ...x, policy, recorder });
  const finalHash = recorder.finish();
  return {
    outcome,
    interleaving: renderTable(recorder.tasks, recorder.rows),
    finalHash,
    hashes: recorder.hashes,
  };
}

/** 16 bits of the scenario's source text: a token from another scenario is told apart. @internal */
export function sourceHash(scenario: Scenario): number {
  const h = hashText(HASH_START, Function.prototype.toString.call(scenario));
  return (h ^ (h >>> 16)) & 0xffff;
}

/**
 * The failure `explore` reports for run `run` (from 0), which failed: shrunk, recorded, with a
 * token of at most MAX_TOKEN_LENGTH characters. If the shrunk schedule does not fail again when
 * recorded, the scenario depends on something outside the schedule, and that is the failure.
 * @internal
 */
export async function failureOf(
  x: Exploration,
  run: number,
  bound: number,
  found: RunOutcome & { failure: RunFailure },
): Promise<ScheduleFailure> {
  const shrunk = await shrink(x.scenario, x.name, x.maxSteps, found);
  let recording = await record(x, new ScriptedPolicy(shrunk.deviations, true));
  const base = {
    strategy: x.strategy,
    depth: x.depth,
    seed: x.seed,
    run: run + 1,
    maxSteps: x.maxSteps,
    source: sourceHash(x.scenario),
    bound,
  };
  const failure = recording.outcome.failure;
  if (failure === null || failure.kind !== shrunk.failure.kind) {
    return notReproducible(x, run, shrunk.failure, recording);
  }
  let deviations: readonly Deviation[] | null = shrunk.deviations;
  let token = fitToken(base, failure.kind, recording, deviations);
  if (token === null) {
    // Too many deviations to list: give the run by its seed instead (it is not shrunk then).
    recording = await record(x, policyFor(x, run, bound));
    deviations = null;
    const again = recording.outcome.failure;
    if (again === null) return notReproducible(x, run, found.failure, recording);
    token = fitToken(base, again.kind, recording, null)!;
  }
  const out = recording.outcome;
  const shrinkNote =
    deviations === null
      ? `not shrunk (its ${out.deviations.length} departures from the default order, * marks each, would not fit in a short token, which gives it by its seed)`
      : out.deviations.length === 0
        ? "in the default FIFO order"
        : `shrunk to ${plural(out.deviations.length, "departure")} from the default FIFO order (* marks each)`;
  const headline = `explore(${x.name}): run ${run + 1} of ${x.runs} failed (${describeStrategy(x)}): ${out.failure!.summary}`;
  return scheduleFailure(headline, shrinkNote, x, run + 1, token, recording);
}

/** Composes the ScheduleFailure of a recorded failing run (explore's, or replay's). @internal */
export function scheduleFailure(
  headline: string,
  scheduleNote: string,
  x: Strategy & { name: string },
  run: number,
  token: string,
  recording: Recording,
): ScheduleFailure {
  const out = recording.outcome;
  const failure = out.failure!;
  const detail = detailOf(failure.cause);
  const message = [
    headline,
    ...(detail === "" ? [] : [detail]),
    "",
    `The interleaving, ${scheduleNote}, ${plural(out.steps, "step")}:`,
    "",
    recording.interleaving,
    "",
    "Replay exactly this schedule:",
    `  await replay(${x.name}, "${token}");`,
  ].join("\n");
  return new ScheduleFailure(message, {
    kind: failure.kind,
    seed: x.seed,
    run,
    strategy: x.strategy,
    schedule: token,
    interleaving: recording.interleaving,
    steps: out.steps,
    deviations: out.deviations.length,
    cause: failure.cause,
  });
}

/** "pct, depth 3, seed 42" */
export function describeStrategy(s: Strategy): string {
  return s.strategy === "pct" ? `pct, depth ${s.depth}, seed ${s.seed}` : `random, seed ${s.seed}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * The shortest-to-longest token that fits: the schedule plus as many checkpoints (spread over the
 * run, and at each deviation) as MAX_TOKEN_LENGTH allows, so a replay can say where it diverged.
 * Null when even the schedule alone does not fit.
 */
function fitToken(
  base: Omit<TokenData, "kind" | "steps" | "finalHash" | "deviations" | "checkpoints">,
  kind: FailureKind,
  recording: Recording,
  deviations: readonly Deviation[] | null,
): string | null {
  const steps = recording.outcome.steps;
  let best: string | null = null;
  for (const spread of [0, 4, 8, 16]) {
    const at = new Set<number>(deviations?.map((d) => d.step) ?? []);
    for (let i = 1; i <= spread; i++) at.add(Math.floor((steps * i) / (spread + 1)));
    const checkpoints: Checkpoint[] = [...at]
      .filter((step) => step < steps)
      .sort((a, b) => a - b)
      .map((step) => ({ step, hash: (recording.hashes[step] ?? 0) & 0xff }));
    const token = encodeToken({
      ...base,
      kind,
      steps,
      finalHash: recording.finalHash & 0xffffff,
      deviations,
      checkpoints,
    });
    if (token.length > (spread === 0 ? MAX_TOKEN_LENGTH : SPREAD_TOKEN_LENGTH)) break;
    best = token;
  }
  return best;
}

/** The lines of a multi-line cause (a deadlock report) after its first, indented. */
function detailOf(cause: unknown): string {
  if (!(cause instanceof Error)) return "";
  return cause.message
    .split("\n")
    .slice(1)
    .map((line) => `  ${line.trimStart()}`)
    .join("\n");
}

/** A failing run that did not fail again under the same schedule. */
function notReproducible(
  x: Exploration,
  run: number,
  first: RunFailure,
  recording: Recording,
): ScheduleFailure {
  const error = new NondeterminismError(
    `run ${run + 1} failed (${first.summary}), but the same schedule ran again without that failure: the scenario depends on something outside the schedule — state kept between runs (a module-level variable or cell the scenario does not create afresh), real time, or I/O. Create all state inside the scenario`,
    "state outside the schedule",
  );
  return new ScheduleFailure(
    `explore(${x.name}): ${error.message}\n\nThe second run:\n\n${recording.interleaving}`,
    {
      kind: "nondeterminism",
      seed: x.seed,
      run: run + 1,
      strategy: x.strategy,
      schedule: "",
      interleaving: recording.interleaving,
      steps: recording.outcome.steps,
      deviations: recording.outcome.deviations.length,
      cause: error,
    },
  );
}
