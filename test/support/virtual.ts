// Runs a coroutine on a fresh loop with a virtual clock: tests take no real time.
import { type Coroutine, type Loop, newEventLoop, VirtualClock } from "../../src/core/index.js";

/** Runs `main(loop)` to completion on a new virtual-time loop, closes the loop, returns the result. */
export async function runVirtual<T>(main: (loop: Loop) => Coroutine<T>): Promise<T> {
  const loop = newEventLoop({ clock: new VirtualClock() });
  try {
    return await loop.runUntilComplete(main(loop));
  } finally {
    loop.close();
  }
}
