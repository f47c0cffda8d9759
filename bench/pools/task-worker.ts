// The worker module piscina and tinypool load (their API: a file whose default export is the task).
export default function addOne(x: number): number {
  return x + 1;
}
