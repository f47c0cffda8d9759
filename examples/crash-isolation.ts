// Simply explained: four cooks share a kitchen. One faints, one never stops stirring. A good
// kitchen carries the fainted cook out, takes the pot off the endless stirrer after the agreed
// time, and the other dishes still come out. Nobody else's dinner is lost.

// What spindle adds to concurrent.futures: faults stay with the job that caused them. In a
// ProcessPoolExecutor, a job that calls process.exit() fails alone with WorkerCrashedError (its
// process is replaced), and a runaway job given submitWith({ timeout }) is stopped, its process
// killed, with TimeoutError — something Python's pool cannot do. The other jobs, and the pool,
// carry on. The same holds for ThreadPoolExecutor.
import { ProcessPoolExecutor, TimeoutError, WorkerCrashedError } from "spindle/futures";

const pool = new ProcessPoolExecutor({ maxWorkers: 2 });

const square = (n: number) => n * n;
// tour:begin
const faint = () => process.exit(3);
const stirForever = () => {
  for (;;) {}
};

const jobs = [
  ["square(4)", pool.submit(square, 4)],
  ["a job that calls process.exit(3)", pool.submit(faint)],
  ["square(5)", pool.submit(square, 5)],
  ["an endless loop, timeout 0.3 s", pool.submitWith({ timeout: 0.3 }, stirForever)],
] as const;
// tour:end

for (const [what, future] of jobs) {
  try {
    console.log(`${what}: ${await future}`);
  } catch (error) {
    if (error instanceof WorkerCrashedError) {
      console.log(`${what}: WorkerCrashedError, exit code ${error.exitCode}`);
    } else if (error instanceof TimeoutError) {
      console.log(`${what}: TimeoutError, its process was killed`);
    } else {
      throw error;
    }
  }
}

console.log(`the pool still works: square(6) = ${await pool.submit(square, 6)}`);
const { crashed, completed, failed } = pool.statistics();
console.log(`statistics: ${completed} completed, ${failed} failed, ${crashed} worker crashed`);
await pool.shutdown();
