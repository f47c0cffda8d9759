// The job both kinds of worker run: spindle's as { module, name }, raw BullMQ's processor calls it.
export function square(x: number): number {
  return x * x;
}
