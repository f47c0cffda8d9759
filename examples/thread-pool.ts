// Simply explained: a thread pool is a taxi rank with three cars. You hand a job to the rank and
// get a ticket (a Future) back at once; a free car takes the job; you check the ticket now and
// then ("done yet?") and finally collect what it brought back.

// The talk's concurrent.futures example (item 7):
//   pool = ThreadPoolExecutor(3)
//   future = pool.submit(return_after_5_secs, ("hello"))
//   print(future.done())      # False
//   sleep(5)
//   print(future.done())      # False (the worker's 5 s and ours raced)
//   print(future.result())    # hello
//
// Time: the job sleeps 0.5 s instead of 5, and we check again after 0.1 s, so the second done()
// is reliably false (in the talk it was a race). The job runs in a real worker thread; its sleep
// blocks only that thread (Atomics.wait is time.sleep for a thread).
import { ThreadPoolExecutor } from "spindle/futures";

/** Sleeps 0.5 s in its own thread, then returns the message. Self-contained: it is sent as source. */
function returnAfterHalfASecond(message: string): string {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  return message;
}

// tour:begin
const pool = new ThreadPoolExecutor({ maxWorkers: 3 });
const future = pool.submit(returnAfterHalfASecond, "hello");
console.log(future.done()); // false: it has only just been handed over
await new Promise((resolve) => setTimeout(resolve, 100)); // the main thread stays free meanwhile
console.log(future.done()); // false: the worker still sleeps
console.log(future.resultSync()); // blocks this thread until the result is in, as Python's result()
console.log(future.done()); // true
// tour:end
await pool.shutdown(); // the workers end; the process can exit
