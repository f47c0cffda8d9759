"""Python peers of the pools suite (bench/pools/*.ts): concurrent.futures' ThreadPoolExecutor
and ProcessPoolExecutor.

    python3 pools.py <case> '<plan JSON>'        plan = {"params": {...}, "warmup": n, "reps": n}

Speaks the protocol of bench/lib/child-main.ts through kernel.py's helpers. Standard library only.
"""

import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from kernel import serve


def add_one(x):
    return x + 1


def w5a(params):
    jobs = params["jobs"]
    pool = ThreadPoolExecutor(2)
    list(pool.map(add_one, [0, 0]))  # start the threads before the clock

    def run():
        t0 = time.perf_counter()
        futures = [pool.submit(add_one, i) for i in range(jobs)]
        results = [f.result() for f in futures]
        seconds = time.perf_counter() - t0
        if results[-1] != jobs or sum(results) != jobs * (jobs + 1) // 2:
            raise RuntimeError("Python W5a: wrong results")
        return {"jobsPerSec": jobs / seconds}

    return run


def w5b(params):
    trips = params["trips"]
    pool = ThreadPoolExecutor(1)
    pool.submit(add_one, 0).result()

    def run():
        t0 = time.perf_counter()
        x = 0
        for _ in range(trips):
            x = pool.submit(add_one, x).result()
        seconds = time.perf_counter() - t0
        if x != trips:
            raise RuntimeError("Python W5b: wrong result")
        return {"tripsPerSec": trips / seconds, "usPerTrip": seconds * 1e6 / trips}

    return run


def w5c(params):
    jobs = params["jobs"]
    pool = ProcessPoolExecutor(2)
    list(pool.map(add_one, [0, 0]))  # start the processes before the clock

    def run():
        t0 = time.perf_counter()
        futures = [pool.submit(add_one, i) for i in range(jobs)]
        results = [f.result() for f in futures]
        seconds = time.perf_counter() - t0
        if results[-1] != jobs or sum(results) != jobs * (jobs + 1) // 2:
            raise RuntimeError("Python W5c: wrong results")
        return {"jobsPerSec": jobs / seconds}

    return run


def w5d(params):
    jobs = params["jobs"]
    pool = ProcessPoolExecutor(2)
    list(pool.map(add_one, [0, 0]))

    def run():
        t0 = time.perf_counter()
        results = list(pool.map(add_one, range(jobs), chunksize=500))
        seconds = time.perf_counter() - t0
        if results[-1] != jobs or sum(results) != jobs * (jobs + 1) // 2:
            raise RuntimeError("Python W5d: wrong results")
        return {"jobsPerSec": jobs / seconds}

    return run


CASES = {"w5a": w5a, "w5b": w5b, "w5c": w5c, "w5d": w5d}


if __name__ == "__main__":
    serve(CASES)
