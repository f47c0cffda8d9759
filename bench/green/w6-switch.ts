// W6 raw switch ping-pong: two greenlets switch to each other, passing a counter one way, 20M
// switches. No loop and no scheduler on either side: this is the cost of one greenlet switch —
// in spindle, a `yield*` through the greenlet's reusable request and one trampoline step; in
// Python, greenlet's C stack switch.
import { Alternation } from "../lib/alternation.js";
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { nodeImpl, pythonImpl, type Workload } from "../lib/workload.js";

/** spindle and the bare generator loop do the full 20M switches. */
const SWITCHES = 20_000_000;
/** Python greenlet manages a few million per second: a smaller run, reported per second. */
const PYTHON_SWITCHES = 4_000_000;

/** Times `once` (which does `switches` switches) and checks that the two sides alternated. */
function body(who: string, switches: number, once: (half: number, alt: Alternation) => void): Body {
  return async () => {
    const alt = new Alternation();
    const t0 = performance.now();
    once(switches / 2, alt);
    const seconds = (performance.now() - t0) / 1000;
    alt.check(switches, who);
    return { switchesPerSec: switches / seconds };
  };
}

export const cases: Record<string, CaseFactory> = {
  async spindle({ switches }: Params) {
    const { Greenlet } = await import("spindle/greenlet");
    return body("spindle greenlet", switches!, (half, alt) => {
      // Python: def ping(): for i in range(half): pong.switch(i)
      function* ping() {
        for (let i = 0; i < half; i++) {
          alt.see(0);
          yield* pongG.switch(i);
        }
        return half;
      }
      function* pong() {
        for (;;) {
          alt.see(1);
          yield* pingG.switch();
        }
      }
      const pingG = new Greenlet(ping);
      const pongG = new Greenlet(pong);
      // ping's parent is main: when it returns, its value comes back here.
      if (pingG.switch() !== half) throw new Error("spindle greenlet: ping did not finish");
    });
  },

  async generators({ switches }: Params) {
    // The floor in JavaScript: two bare generators and a loop that resumes whichever one the
    // other names with a plain `yield` (no yield*, no parents, no checks). No greenlet can switch
    // faster than this; it shows what spindle's rules and its `yield*` cost on top.
    return body("bare generators", switches!, (half, alt) => {
      function* ping(): Generator<number, number, unknown> {
        for (let i = 0; i < half; i++) {
          alt.see(0);
          yield 1;
        }
        return half;
      }
      function* pong(): Generator<number, never, unknown> {
        for (;;) {
          alt.see(1);
          yield 0;
        }
      }
      const gens = [ping(), pong()];
      let next = 0;
      let value: unknown;
      for (;;) {
        const r = gens[next]!.next(value);
        if (r.done) break;
        value = next;
        next = r.value;
      }
    });
  },
};

const here = import.meta.url;
const metric = "switchesPerSec";

export const w6: Workload = {
  id: "W6",
  title: `raw switch ping-pong: two greenlets, ${SWITCHES / 1e6}M switches (fewer for Python)`,
  metrics: [{ key: metric, label: "switches/s", unit: "rate", better: "higher" }],
  impls: [
    nodeImpl(
      "spindle",
      "spindle  yield* g.switch(i)",
      here,
      "spindle",
      { switches: SWITCHES },
      { spindle: true },
    ),
    nodeImpl("generators", "JS generators, bare loop (floor)", here, "generators", {
      switches: SWITCHES,
    }),
    pythonImpl(
      "greenlet",
      "Python greenlet  g.switch(i)",
      "green.py",
      "w6",
      { switches: PYTHON_SWITCHES },
      { reps: 3 },
    ),
  ],
  targets: [{ impl: "greenlet", metric, ratio: { op: ">=", limit: 3 } }],
};
