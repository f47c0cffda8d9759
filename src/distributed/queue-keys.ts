// Names spindle adds beside BullMQ's keys of a queue (BullMQ's own prefix is "bull").

/** BullMQ's default key prefix, which spindle uses. @internal */
export const PREFIX = "bull";

/**
 * The pub/sub channel on which a submitter asks the workers of `queue` to cancel a running job
 * (the message is the job id). Pub/sub costs a waiting worker nothing. @internal
 */
export function cancelChannel(queue: string): string {
  return `${PREFIX}:${queue}:spindle-cancel`;
}
