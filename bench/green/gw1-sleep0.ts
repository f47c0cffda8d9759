// gevent W1 sleep(0) ping-pong: two green threads on the hub, each `yield* sleep(0)` in a loop,
// 2M switches. This is the cost of a hub round trip: in spindle, one generator resume through the
// greenlet's relay and one ready-queue push/pop; in gevent, a greenlet switch to the hub and back.
import { Alternation } from "../lib/alternation.js";
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { timeSeconds } from "../lib/clock.js";
import { nodeImpl, pythonImpl, type Workload } from "../lib/workload.js";

const SWITCHES = 2_000_000;
/** gevent does a few hundred thousand per second: a smaller run, reported per second. */
const PYTHON_SWITCHES = 400_000;

function body(
  who: string,
  switches: number,
  once: (half: number, alt: Alternation) => Promise<unknown>,
): Body {
  return async () => {
    const alt = new Alternation();
    const seconds = await timeSeconds(() => once(switches / 2, alt));
    alt.check(switches, who);
    return { switchesPerSec: switches / seconds };
  };
}

export const cases: Record<string, CaseFactory> = {
  async spindle({ switches }: Params) {
    const { joinall, sleep, spawn, run } = await import("spindle/gevent");
    return body("spindle gevent", switches!, (half, alt) =>
      run(function* () {
        function* side(ident: number) {
          for (let i = 0; i < half; i++) {
            alt.see(ident);
            yield* sleep(0);
          }
        }
        yield* joinall([spawn(side, 0), spawn(side, 1)]);
      }),
    );
  },
};

const here = import.meta.url;
const metric = "switchesPerSec";

export const gw1: Workload = {
  id: "W1g",
  title: `gevent sleep(0) ping-pong: two green threads, ${SWITCHES / 1e6}M switches (fewer for Python)`,
  metrics: [{ key: metric, label: "switches/s", unit: "rate", better: "higher" }],
  impls: [
    nodeImpl(
      "spindle",
      "spindle/gevent  yield* sleep(0)",
      here,
      "spindle",
      { switches: SWITCHES },
      { spindle: true },
    ),
    pythonImpl(
      "gevent",
      "Python gevent  gevent.sleep(0)",
      "green.py",
      "gevent_w1",
      { switches: PYTHON_SWITCHES },
      { reps: 3 },
    ),
  ],
  targets: [{ impl: "gevent", metric, ratio: { op: ">=", limit: 5 } }],
};
