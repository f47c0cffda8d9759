// Shared by the stream tests: real sockets on 127.0.0.1, and a check that none is left open.
import assert from "node:assert/strict";
import { setTimeout as delay } from "node:timers/promises";
import { run } from "../../../src/asyncio/index.js";
import type { Coroutine } from "../../../src/core/index.js";

/** Open TCP handles of this process (sockets and servers). */
export function openTcpHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r.startsWith("TCP")).length;
}

/**
 * Runs `main` on a real-clock loop (real I/O is the point), then checks that every socket and
 * server it opened is closed: a leak fails the test.
 */
export async function runIo<T>(main: () => Coroutine<T>): Promise<T> {
  const before = openTcpHandles();
  const result = await run(main);
  // A handle leaves the list when libuv has closed it, a moment after 'close' was emitted.
  for (let i = 0; i < 50 && openTcpHandles() > before; i++) await delay(5);
  assert.equal(openTcpHandles(), before, "a socket or server was left open");
  return result;
}

/** Text of a Buffer, for readable assertions. */
export function text(b: Uint8Array): string {
  return Buffer.from(b).toString("utf8");
}
