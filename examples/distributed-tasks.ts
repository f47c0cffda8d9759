// The functions the workers of examples/beyond-one-machine.ts run (they import this module).

/** x * x, slowly: 0.3 s of waiting, so that a worker can be killed while it runs jobs. */
export async function slowSquare(x: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  return x * x;
}
