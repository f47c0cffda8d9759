// `spindle replay FILE TOKEN`: runs the schedule a failure's token names, on the scenario of FILE
// it was recorded from, and prints the failure again (or where the program left the schedule).
import { parseArgs } from "node:util";
import {
  replay,
  type Scenario,
  ScheduleDivergence,
  ScheduleFailure,
  ScheduleTokenError,
} from "../testing/index.js";
import { scenariosOf } from "./scenarios.js";
import { UsageError } from "./usage.js";

export const usage = `usage: spindle replay FILE TOKEN [--scenario NAME]

Runs exactly the schedule TOKEN names (the token spindle explore, or a ScheduleFailure's
.schedule, printed) on the scenario of FILE it was recorded from, and prints the same failure
with the same interleaving. If the program changed so that the schedule no longer fits, it
says at which step the run left the recorded one.

  --scenario NAME   the export to replay (default: the one whose source the token matches)
  -h, --help        this text

Exit code: 1 when the failure came back, 3 when the schedule no longer fits, 2 for bad usage
(a malformed or truncated token included: then nothing runs).

Example:
  npx spindle replay dist/test/bank.js sx1.BgMBBqCNBgcbCfnDQgMDAQKJAQEC1gEBAkel6Q`;

/** The schedule does not fit the program (any more). */
const DIVERGED = 3;

export async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{ options: { scenario: { type: "string" } }; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({
      args,
      options: { scenario: { type: "string" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 2) throw new UsageError("FILE and TOKEN are required");
  const [file, token] = positionals as [string, string];
  const only = values.scenario === undefined ? undefined : [values.scenario];
  const { scenarios } = await scenariosOf(file, only);
  // Without --scenario, the export whose source the token was recorded from; if none matches,
  // the first one's divergence is the report.
  let first: ScheduleDivergence | null = null;
  for (const [, scenario] of scenarios) {
    const outcome = await attempt(scenario, token);
    if (outcome instanceof ScheduleFailure) {
      console.log(outcome.message);
      return 1;
    }
    first ??= outcome;
    if (outcome.sameSource || only !== undefined) {
      console.log(outcome.message);
      return DIVERGED;
    }
  }
  console.log(first!.message);
  if (scenarios.length > 1) {
    console.log(
      `\nNo scenario of ${file} has the source the token was recorded from; name the one to replay with --scenario NAME.`,
    );
  }
  return DIVERGED;
}

async function attempt(
  scenario: Scenario,
  token: string,
): Promise<ScheduleFailure | ScheduleDivergence> {
  try {
    return await replay(scenario, token);
  } catch (error) {
    if (error instanceof ScheduleFailure || error instanceof ScheduleDivergence) return error;
    if (error instanceof ScheduleTokenError) throw new UsageError(error.message);
    throw error;
  }
}
