"""Python greenlet and gevent peers of the green suite (bench/green/*.ts).

    python3 green.py <case> '<plan JSON>'      plan = {"params": {...}, "warmup": n, "reps": n}

Speaks the protocol of bench/lib/child-main.ts (see kernel.py, whose helpers it reuses). Needs
the greenlet package (Debian: apt-get install python3-greenlet) for w6 and gevent (Debian:
apt-get install python3-gevent) for the gevent_* cases; a case whose package is missing is
reported as skipped.
"""

import sys
import time

from kernel import Alternation, serve

try:
    from greenlet import greenlet
except ImportError:
    greenlet = None

try:
    import gevent
    import gevent.pool
except ImportError:
    gevent = None


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


def gevent_w1(params):
    """sleep(0) ping-pong: two greenlets, each gevent.sleep(0) in a loop."""
    switches = params["switches"]
    half = switches // 2

    def run():
        alt = Alternation()

        def side(ident):
            for _ in range(half):
                if alt.last != ident:
                    alt.changes += 1
                    alt.last = ident
                gevent.sleep(0)

        t0 = time.perf_counter()
        gevent.joinall([gevent.spawn(side, 0), gevent.spawn(side, 1)])
        seconds = time.perf_counter() - t0
        alt.check(switches, "gevent")
        return {"switchesPerSec": switches / seconds}

    return run


def gevent_w2(params):
    """spawn + joinall: spawn every child (returns 1 at once), joinall, sum the values."""
    tasks = params["tasks"]

    def child():
        return 1

    def run():
        t0 = time.perf_counter()
        all_greenlets = [gevent.spawn(child) for _ in range(tasks)]
        gevent.joinall(all_greenlets)
        total = sum(g.value for g in all_greenlets)
        seconds = time.perf_counter() - t0
        if total != tasks:
            raise RuntimeError(f"gevent: results sum to {total}, expected {tasks}")
        return {"greenletsPerSec": tasks / seconds}

    return run


def gevent_w4(params):
    """Pool(size).map over jobs that sleep(0) once and return their input."""
    jobs = params["jobs"]
    size = params["size"]

    def job(n):
        gevent.sleep(0)
        return n

    def run():
        t0 = time.perf_counter()
        pool = gevent.pool.Pool(size)
        total = sum(pool.map(job, range(jobs)))
        seconds = time.perf_counter() - t0
        expected = jobs * (jobs - 1) // 2
        if total != expected:
            raise RuntimeError(f"gevent: results sum to {total}, expected {expected}")
        return {"jobsPerSec": jobs / seconds}

    return run


CASES = {"w6": w6, "gevent_w1": gevent_w1, "gevent_w2": gevent_w2, "gevent_w4": gevent_w4}


def main():
    case = sys.argv[1]
    package = "gevent" if case.startswith("gevent_") else "greenlet"
    if (gevent if package == "gevent" else greenlet) is None:
        # The runner shows rows whose error starts with "skipped" as SKIP, with this as the note.
        sys.stderr.write(
            f"skipped: the Python package {package} is not installed for "
            f"{sys.executable} (Debian: apt-get install python3-{package})\n"
        )
        sys.exit(3)
    serve(CASES)


if __name__ == "__main__":
    main()
