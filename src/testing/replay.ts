import { current, serially } from "./active.js";
import { ScheduleDivergence } from "./errors.js";
import { checkScenario } from "./options.js";
import { type ChoicePolicy, policyFor, ScriptedPolicy } from "./policy.js";
import { Recorder } from "./recorder.js";
import { describeStrategy, plural, record, scheduleFailure, sourceHash } from "./report.js";
import type { Scenario } from "./run.js";
import { decodeToken, type TokenData } from "./token.js";

/** Where a replay left the recorded schedule. */
interface Divergence {
  readonly message: string;
  /** From 0. */
  readonly step: number | null;
}

/**
 * Runs exactly the schedule a {@link ScheduleFailure} reported (`failure.schedule`), on a fresh
 * loop as `explore` did: the same failure comes back, with the same interleaving, as a
 * `ScheduleFailure`. If the program changed so that the schedule no longer fits (or the token
 * comes from another scenario), it rejects with a {@link ScheduleDivergence} naming the step where
 * the run left the recorded one. A malformed or truncated token is a `ScheduleTokenError`, and
 * nothing runs. It never resolves: a schedule that fits reproduces its failure.
 * @example
 * test("the lost update of run 37", () =>
 *   assert.rejects(replay(bank, "sx1.BgMqAaHl…"), ScheduleFailure));
 */
export async function replay(scenario: Scenario, token: string): Promise<never> {
  checkScenario("replay()", scenario);
  if (typeof token !== "string") {
    throw new TypeError(
      `replay(scenario, token) needs the token string of a ScheduleFailure (failure.schedule); got ${token === null ? "null" : typeof token}`,
    );
  }
  const data = decodeToken(token);
  return serially(() => replayNow(scenario, data, token.trim()));
}

async function replayNow(scenario: Scenario, data: TokenData, token: string): Promise<never> {
  const name = scenario.name || "scenario";
  let divergence: Divergence | null = null;
  const diverge = (message: string, step: number | null) => {
    if (divergence !== null) return;
    divergence = { message, step };
    current.run?.fail("nondeterminism", new Error(message)); // stops the run
  };
  const strategy = { strategy: data.strategy, depth: data.depth, seed: data.seed };
  const scripted =
    data.deviations === null ? null : new ScriptedPolicy(data.deviations, true, diverge);
  const policy: ChoicePolicy = scripted ?? policyFor(strategy, data.run - 1, data.bound);
  const checkpoints = new Map(data.checkpoints.map((c) => [c.step, c.hash]));
  let matched = 0; // the last step (from 0) checked against the recording
  const recorder = new Recorder();
  recorder.onStep = (step, hashBefore) => {
    const expected = checkpoints.get(step);
    if (expected === undefined) return;
    if ((hashBefore & 0xff) !== expected) {
      diverge(
        `the run no longer matches the recorded one: between step ${matched + 1} and step ${step + 1} the tasks did something else than when the token was made`,
        step,
      );
    } else matched = step;
  };
  const recording = await record({ scenario, name, maxSteps: data.maxSteps }, policy, recorder);
  const out = recording.outcome;
  const unreached = scripted?.unreached()[0];
  if (divergence === null && unreached !== undefined) {
    diverge(
      `the run ended after ${plural(out.steps, "step")}, before the schedule's choice at step ${unreached.step + 1}`,
      out.steps,
    );
  }
  if (
    divergence === null &&
    (out.steps !== data.steps || (recording.finalHash & 0xffffff) !== data.finalHash)
  ) {
    diverge(
      out.steps !== data.steps
        ? `the run took ${plural(out.steps, "step")}; the recorded one took ${data.steps} (they match up to step ${matched + 1})`
        : `the run took the recorded ${plural(out.steps, "step")} but did something else after step ${matched + 1}`,
      null,
    );
  }
  if (divergence === null && (out.failure === null || out.failure.kind !== data.kind)) {
    diverge(
      `the run followed the recorded schedule to the end but did not fail as recorded (${data.kind}): the scenario depends on something outside the schedule (state kept between runs, real time, I/O)`,
      null,
    );
  }
  if (divergence !== null)
    throw divergenceError(name, scenario, data, divergence, recording.interleaving);
  const note =
    data.deviations === null
      ? `run ${data.run} of the exploration (${describeStrategy(strategy)}), given by its seed`
      : data.deviations.length === 0
        ? "in the default FIFO order"
        : `${plural(data.deviations.length, "departure")} from the default FIFO order (* marks each)`;
  throw scheduleFailure(
    `replay(${name}) reproduced run ${data.run} of the exploration (${describeStrategy(strategy)}): ${out.failure!.summary}`,
    note,
    { ...strategy, name },
    data.run,
    token,
    recording,
  );
}

function divergenceError(
  name: string,
  scenario: Scenario,
  data: TokenData,
  d: Divergence,
  interleaving: string,
): ScheduleDivergence {
  const where = d.step === null ? "" : ` at step ${d.step + 1}`;
  const sameSource = sourceHash(scenario) === data.source;
  const source = sameSource
    ? "The scenario's source is the one the token was recorded from: code it calls has changed."
    : `The token was recorded from a different scenario, or ${name} has changed since (its source differs).`;
  const message = [
    `replay(${name}): the schedule no longer fits the program${where}: ${d.message}.`,
    `${source} Run explore(${name}) again for a token that fits.`,
    "",
    "The replayed run, up to where it stopped:",
    "",
    interleaving,
  ].join("\n");
  return new ScheduleDivergence(
    message,
    d.step === null ? null : d.step + 1,
    sameSource,
    interleaving,
  );
}
