"""Python asyncio peers of the kernel suite (bench/kernel/*.ts).

    python3 kernel.py <case> '<plan JSON>'      plan = {"params": {...}, "warmup": n, "reps": n}

Speaks the protocol of bench/lib/child-main.ts: one line, the marker then a JSON report
{"samples": [...], "maxRssKB": n, "baseRssKB": n}. Standard library only (no PyPI here).
"""

import asyncio
import gc
import json
import resource
import sys
import time

RESULT_MARKER = "@@spindle-bench-result "
M32 = 0xFFFFFFFF


def mulberry32(seed):
    """Bit-for-bit port of bench/lib/prng.ts, so W7 schedules the same delays as Node."""
    a = seed & M32

    def imul(x, y):
        return (x * y) & M32

    def random():
        nonlocal a
        a = (a + 0x6D2B79F5) & M32
        t = imul(a ^ (a >> 15), 1 | a)
        t = ((t + imul(t ^ (t >> 7), 61 | t)) & M32) ^ t
        return (t ^ (t >> 14)) / 4294967296

    return random


class Alternation:
    """Same check as bench/lib/alternation.ts: the two sides must really take turns."""

    def __init__(self):
        self.last = -1
        self.changes = 0

    def check(self, expected, who):
        if self.changes < expected * 0.9:
            raise RuntimeError(f"{who}: {self.changes} switches in {expected} iterations")


def w1(params):
    """Ping-pong: two tasks, each `await asyncio.sleep(0)` in a loop."""
    switches = params["switches"]
    half = switches // 2

    async def side(ident, alt):
        for _ in range(half):
            if alt.last != ident:
                alt.changes += 1
                alt.last = ident
            await asyncio.sleep(0)

    async def main(alt):
        a = asyncio.create_task(side(0, alt))
        b = asyncio.create_task(side(1, alt))
        await a
        await b

    def run():
        alt = Alternation()
        t0 = time.perf_counter()
        asyncio.run(main(alt))
        seconds = time.perf_counter() - t0
        alt.check(switches, "asyncio")
        return {"switchesPerSec": switches / seconds}

    return run


def w2(params):
    """Spawn + join: create_task for every child, then gather them."""
    tasks = params["tasks"]

    async def child():
        return 1

    async def main():
        all_tasks = [asyncio.create_task(child()) for _ in range(tasks)]
        return sum(await asyncio.gather(*all_tasks))

    def run():
        t0 = time.perf_counter()
        total = asyncio.run(main())
        seconds = time.perf_counter() - t0
        if total != tasks:
            raise RuntimeError(f"asyncio: results sum to {total}, expected {tasks}")
        return {"tasksPerSec": tasks / seconds}

    return run


def quantile(sorted_values, q):
    """Nearest rank, as bench/lib/stats.ts."""
    rank = min(len(sorted_values) - 1, max(0, -(-q * len(sorted_values) // 1) - 1))
    return sorted_values[int(rank)]


def w7(params):
    """Timers: loop.call_later for every delay; times in ms from time.perf_counter."""
    n = params["timers"]
    random = mulberry32(params["seed"])
    delays_ms = [random() * 50 for _ in range(n)]
    delays_s = [d / 1000 for d in delays_ms]

    async def main():
        loop = asyncio.get_running_loop()
        all_fired = loop.create_future()
        fired = [0.0] * n
        left = n

        def on_fire(i):
            nonlocal left
            fired[i] = time.perf_counter() * 1000
            left -= 1
            if left == 0:
                all_fired.set_result(None)

        t0 = time.perf_counter() * 1000
        for i, d in enumerate(delays_s):
            loop.call_later(d, on_fire, i)
        scheduled_at = time.perf_counter() * 1000
        await all_fired
        return t0, scheduled_at, fired

    def run():
        t0, scheduled_at, fired = asyncio.run(main())
        late = sorted(f - (t0 + d) for f, d in zip(fired, delays_ms))
        return {
            "scheduleMs": scheduled_at - t0,
            "totalMs": max(fired) - t0,
            "lateP50Ms": quantile(late, 0.5),
            "lateP99Ms": quantile(late, 0.99),
            "checksum": sum(delays_ms),
        }

    return run


CASES = {"w1": w1, "w2": w2, "w7": w7}


def max_rss_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def current_rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 1024


def serve(cases):
    """Runs the case named on the command line and prints its samples (bench/lib/child-main.ts)."""
    case, plan_json = sys.argv[1], sys.argv[2]
    plan = json.loads(plan_json)
    run = cases[case](plan["params"])
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
    serve(CASES)
