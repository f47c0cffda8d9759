"""Python greenlet peers of the green suite (bench/green/*.ts).

    python3 green.py <case> '<plan JSON>'      plan = {"params": {...}, "warmup": n, "reps": n}

Speaks the protocol of bench/lib/child-main.ts (see kernel.py, whose helpers it reuses). Needs
the greenlet package (Debian: apt-get install python3-greenlet); without it, every case is
reported as skipped.
"""

import gc
import json
import sys
import time

from kernel import RESULT_MARKER, Alternation, current_rss_kb, max_rss_kb

try:
    from greenlet import greenlet
except ImportError:
    greenlet = None


def w6(params):
    """Raw switch ping-pong: ping sends a counter to pong, pong switches straight back."""
    switches = params["switches"]
    half = switches // 2

    def run():
        alt = Alternation()

        def see(ident):
            if alt.last != ident:
                alt.changes += 1
                alt.last = ident

        def ping():
            for i in range(half):
                see(0)
                pong_g.switch(i)
            return half

        def pong(_first=None):
            while True:
                see(1)
                ping_g.switch()

        ping_g = greenlet(ping)
        pong_g = greenlet(pong)
        t0 = time.perf_counter()
        result = ping_g.switch()
        seconds = time.perf_counter() - t0
        if result != half:
            raise RuntimeError("greenlet: ping did not finish")
        alt.check(switches, "greenlet")
        return {"switchesPerSec": switches / seconds}

    return run


CASES = {"w6": w6}


def main():
    if greenlet is None:
        # The runner shows rows whose error starts with "skipped" as SKIP, with this as the note.
        sys.stderr.write(
            "skipped: the Python package greenlet is not installed for "
            f"{sys.executable} (Debian: apt-get install python3-greenlet)\n"
        )
        sys.exit(3)
    case, plan_json = sys.argv[1], sys.argv[2]
    plan = json.loads(plan_json)
    run = CASES[case](plan["params"])
    gc.collect()
    base = current_rss_kb()
    for _ in range(plan["warmup"]):
        run()
    samples = []
    for _ in range(plan["reps"]):
        if plan.get("gc", True):
            gc.collect()
        samples.append(run())
    report = {"samples": samples, "maxRssKB": max_rss_kb(), "baseRssKB": base}
    sys.stdout.write(RESULT_MARKER + json.dumps(report) + "\n")


if __name__ == "__main__":
    main()
