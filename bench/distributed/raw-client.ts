// The producer side of raw BullMQ, as its documentation recommends: a Queue to add jobs and a
// QueueEvents to hear that they completed.
import type { Queue, QueueEvents } from "bullmq";

export interface RawProducer {
  readonly queue: Queue;
  readonly events: QueueEvents;
  /** Resolves when every id in `ids` has completed (counted from QueueEvents' "completed"). */
  completed(ids: Iterable<string>): Promise<number[]>;
  /** Lets the connections keep this process alive (during a run) or not (between runs). */
  hold(on: boolean): void;
}

export async function rawProducer(queueName: string, url: string): Promise<RawProducer> {
  const { Queue, QueueEvents } = await import("bullmq");
  const { hostname: host, port } = new URL(url);
  const connection = { host, port: Number(port), maxRetriesPerRequest: null };
  // As spindle does, and as BullMQ's docs advise for bursts: room in the event stream for every
  // event of 20k jobs, and events read from the stream's end as it was before the first job.
  const queue = new Queue(queueName, { connection, streams: { events: { maxLen: 100_000 } } });
  await queue.waitUntilReady();
  const client = (await (queue.getBackend() as unknown as { client: Promise<unknown> }).client) as {
    xrevrange(...args: unknown[]): Promise<[string, string[]][]>;
  };
  const last = await client.xrevrange(queue.keys.events as string, "+", "-", "COUNT", 1);
  // blockingTimeout 0, as spindle: BullMQ's bounded read arms a timer per read, which would keep
  // this measuring process alive after its last run (it reads the same events either way).
  const events = new QueueEvents(queueName, {
    connection,
    lastEventId: last[0]?.[0] ?? "0-0",
    blockingTimeout: 0,
  });
  await events.waitUntilReady();
  const waiting = new Map<string, (value: number) => void>();
  events.on("completed", ({ jobId, returnvalue }) => {
    const resolve = waiting.get(jobId);
    if (resolve !== undefined) {
      waiting.delete(jobId);
      resolve(returnvalue as unknown as number);
    }
  });
  const sockets = async () =>
    Promise.all(
      [queue, events].map(
        async (h) =>
          (
            (await (h.getBackend() as unknown as { client: Promise<unknown> }).client) as {
              stream?: { ref(): void; unref(): void };
            }
          ).stream,
      ),
    );
  return {
    queue,
    events,
    completed(ids) {
      return Promise.all(
        [...ids].map((id) => new Promise<number>((resolve) => waiting.set(id, resolve))),
      );
    },
    hold(on) {
      void sockets().then((ss) => {
        for (const s of ss) {
          if (on) s?.ref();
          else s?.unref();
        }
      });
    },
  };
}
