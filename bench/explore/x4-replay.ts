// X4 replay fidelity: the lost update of X2 is found once; its token is then replayed 100 times,
// each on a fresh loop, and each replay's interleaving is compared with the original's.
import type { CaseFactory, Params } from "../lib/case.js";
import { nodeImpl, type Workload } from "../lib/workload.js";

const TRIES = 100;

export const cases: Record<string, CaseFactory> = {
  async replayed({ tries }: Params) {
    const { explore, replay, ScheduleFailure } = await import("spindle/testing");
    const { lostUpdate } = await import("./scenarios.js");
    const original = await explore(lostUpdate, { runs: 100, seed: 1 }).catch((e: unknown) => e);
    if (!(original instanceof ScheduleFailure)) throw new Error("X2's lost update was not found");
    return async () => {
      let identical = 0;
      const t0 = performance.now();
      for (let i = 0; i < tries!; i++) {
        const again = await replay(lostUpdate, original.schedule).catch((e: unknown) => e);
        if (
          again instanceof ScheduleFailure &&
          again.interleaving === original.interleaving &&
          again.kind === original.kind
        ) {
          identical++;
        }
      }
      return { identical, msPerReplay: (performance.now() - t0) / tries! };
    };
  },
};

export const x4: Workload = {
  id: "X4",
  title: `replay fidelity: X2's failing token replayed ${TRIES} times`,
  metrics: [
    {
      key: "identical",
      label: `identical interleavings (of ${TRIES})`,
      unit: "count",
      better: "higher",
    },
    { key: "msPerReplay", label: "ms per replay", unit: "ms", better: "lower" },
  ],
  impls: [
    nodeImpl(
      "replay",
      "spindle replay",
      import.meta.url,
      "replayed",
      { tries: TRIES },
      { spindle: true, reps: 1, warmup: 0 },
    ),
  ],
  targets: [{ impl: "replay", metric: "identical", value: { op: ">=", limit: TRIES } }],
};
