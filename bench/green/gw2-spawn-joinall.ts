// gevent W2 spawn + joinall: spawn 100k green threads that return at once, then joinall them.
// The cost of a green thread's life on the hub: creation, first step, completion, join.
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { timeSeconds } from "../lib/clock.js";
import { nodeImpl, PEAK_RSS_MB, pythonImpl, type Workload } from "../lib/workload.js";

const TASKS = 100_000;

function body(who: string, tasks: number, once: (tasks: number) => Promise<number>): Body {
  return async () => {
    let sum = 0;
    const seconds = await timeSeconds(async () => {
      sum = await once(tasks);
    });
    if (sum !== tasks) throw new Error(`${who}: results sum to ${sum}, expected ${tasks}`);
    return { greenletsPerSec: tasks / seconds };
  };
}

export const cases: Record<string, CaseFactory> = {
  async spindle({ tasks }: Params) {
    const { joinall, run, spawn } = await import("spindle/gevent");
    function* child() {
      return 1;
    }
    return body("spindle gevent", tasks!, (n) =>
      run(function* () {
        const all = new Array(n);
        for (let i = 0; i < n; i++) all[i] = spawn(child);
        yield* joinall(all);
        let sum = 0;
        for (let i = 0; i < n; i++) sum += all[i].value as number;
        return sum;
      }),
    );
  },
};

const here = import.meta.url;
const metric = "greenletsPerSec";
const params = { tasks: TASKS };

export const gw2: Workload = {
  id: "W2g",
  title: `gevent spawn + joinall: ${TASKS / 1000}k green threads`,
  metrics: [
    { key: metric, label: "greenlets/s", unit: "rate", better: "higher" },
    { key: PEAK_RSS_MB, label: "peak RSS MB", unit: "MB", better: "lower", sizeDependent: true },
  ],
  impls: [
    nodeImpl("spindle", "spindle/gevent  spawn + joinall", here, "spindle", params, {
      spindle: true,
    }),
    pythonImpl("gevent", "Python gevent  spawn + joinall", "green.py", "gevent_w2", params, {
      reps: 3,
    }),
  ],
  targets: [{ impl: "gevent", metric, ratio: { op: ">=", limit: 10 } }],
};
