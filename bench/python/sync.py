"""Python asyncio peers of the sync suite (bench/sync/*.ts): locks, semaphores, queues, events.

    python3 sync.py <case> '<plan JSON>'        plan = {"params": {...}, "warmup": n, "reps": n}

Speaks the protocol of bench/lib/child-main.ts (one line: the marker, then a JSON report); the
protocol helpers come from kernel.py beside it. Standard library only (no PyPI here). Each case
checks its own result, as the Node cases do, so a broken run fails instead of posting a number.
"""

import asyncio
import time

from kernel import serve


def timed(main):
    """Seconds of one `asyncio.run(main())`, loop creation included (as the Node side's run())."""
    t0 = time.perf_counter()
    result = asyncio.run(main())
    return time.perf_counter() - t0, result


def w3a(params):
    """Uncontended: one task, `await lock.acquire(); lock.release()` in a loop."""
    ops = params["ops"]

    async def main():
        lock = asyncio.Lock()
        for _ in range(ops):
            await lock.acquire()
            lock.release()
        return lock.locked()

    def run():
        seconds, still_locked = timed(main)
        if still_locked:
            raise RuntimeError("asyncio W3a: the lock is still held at the end")
        return {"opsPerSec": ops / seconds}

    return run


def w3b(params):
    """Contended: 100 tasks, each {acquire; sleep(0); release}; ops acquisitions in total."""
    ops, tasks = params["ops"], params["tasks"]
    each = ops // tasks

    async def main():
        lock = asyncio.Lock()
        state = {"inside": 0, "done": 0}

        async def worker():
            for _ in range(each):
                await lock.acquire()
                if state["inside"] != 0:
                    raise RuntimeError("asyncio W3b: two tasks inside the lock")
                state["inside"] = 1
                await asyncio.sleep(0)
                state["inside"] = 0
                state["done"] += 1
                lock.release()

        await asyncio.gather(*(worker() for _ in range(tasks)))
        return state["done"]

    def run():
        seconds, done = timed(main)
        if done != each * tasks:
            raise RuntimeError(f"asyncio W3b: {done} acquisitions, expected {each * tasks}")
        return {"opsPerSec": done / seconds}

    return run


def w4(params):
    """Bounded concurrency: every job a task, `async with Semaphore(10)`, one sleep(0), gather."""
    jobs, limit = params["jobs"], params["limit"]

    async def main():
        sem = asyncio.Semaphore(limit)
        state = {"inside": 0, "peak": 0}

        async def job(i):
            async with sem:
                state["inside"] += 1
                state["peak"] = max(state["peak"], state["inside"])
                await asyncio.sleep(0)
                state["inside"] -= 1
                return i

        results = await asyncio.gather(*(job(i) for i in range(jobs)))
        return sum(results), state["peak"]

    def run():
        seconds, (total, peak) = timed(main)
        if total != jobs * (jobs - 1) // 2 or peak != limit:
            raise RuntimeError(f"asyncio W4: sum {total}, peak concurrency {peak} (limit {limit})")
        return {"jobsPerSec": jobs / seconds}

    return run


def w4q(params):
    """Workers on a bounded Queue: the producer puts every job; workers get, sleep(0), task_done."""
    jobs, workers, maxsize = params["jobs"], params["workers"], params["maxsize"]

    async def main():
        queue = asyncio.Queue(maxsize)
        state = {"sum": 0}

        async def worker():
            while True:
                item = await queue.get()
                await asyncio.sleep(0)
                state["sum"] += item
                queue.task_done()

        tasks = [asyncio.create_task(worker()) for _ in range(workers)]
        for i in range(jobs):
            await queue.put(i)
        await queue.join()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return state["sum"]

    def run():
        seconds, total = timed(main)
        if total != jobs * (jobs - 1) // 2:
            raise RuntimeError(f"asyncio W4q: items sum to {total}")
        return {"jobsPerSec": jobs / seconds}

    return run


def w5e(params):
    """100k tasks parked on one Event: time from set() until every one has resumed."""
    waiters = params["waiters"]

    async def main():
        event = asyncio.Event()
        state = {"resumed": 0}

        async def waiter():
            await event.wait()
            state["resumed"] += 1

        tasks = [asyncio.create_task(waiter()) for _ in range(waiters)]
        await asyncio.sleep(0)  # every waiter runs its first step and parks
        t0 = time.perf_counter()
        event.set()
        # set() made every waiter ready at once, so one turn of ours comes after all of them.
        await asyncio.sleep(0)
        seconds = time.perf_counter() - t0
        if state["resumed"] != waiters:
            raise RuntimeError(f"asyncio W5e: {state['resumed']} of {waiters} resumed in one pass")
        await asyncio.gather(*tasks)
        return seconds

    def run():
        _, seconds = timed(main)
        return {"wakeMs": seconds * 1000, "wakesPerSec": waiters / seconds}

    return run


CASES = {"w3a": w3a, "w3b": w3b, "w4": w4, "w4q": w4q, "w5e": w5e}


if __name__ == "__main__":
    serve(CASES)
