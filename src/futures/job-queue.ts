import type { Job } from "./job.js";

/**
 * The jobs of a pool not yet sent to a worker, first in first out. Cancelled jobs stay where they
 * are until `next()` reaches them; it skips them and hands their slot back through `discard`.
 * @internal
 */
export class JobQueue {
  #jobs: Job[] = [];
  #head = 0;
  readonly #discard: (job: Job) => void;

  constructor(discard: (job: Job) => void) {
    this.#discard = discard;
  }

  /** Jobs waiting, cancelled ones included. */
  get size(): number {
    return this.#jobs.length - this.#head;
  }

  push(job: Job): void {
    this.#jobs.push(job);
  }

  /** The job `next()` would look at first, or undefined. */
  peek(): Job | undefined {
    return this.#jobs[this.#head];
  }

  /** Takes the next job still worth running, discarding the cancelled ones before it. */
  next(): Job | null {
    while (this.#head < this.#jobs.length) {
      const job = this.#jobs[this.#head++] as Job;
      if (!job.future.cancelled()) return job;
      this.#discard(job);
    }
    this.#jobs = [];
    this.#head = 0;
    return null;
  }

  /** Puts `jobs` back in front, in their order (a dead worker's unstarted jobs). */
  requeue(jobs: readonly Job[]): void {
    if (jobs.length === 0) return;
    this.#jobs = [...jobs, ...this.#jobs.slice(this.#head)];
    this.#head = 0;
  }

  /** Every job waiting, in order (for shutdown's cancelFutures). */
  *waiting(): IterableIterator<Job> {
    for (let i = this.#head; i < this.#jobs.length; i++) yield this.#jobs[i] as Job;
  }
}
