// submitWith({ transfer }): ArrayBuffers move into a worker thread instead of being copied.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { ProcessPoolExecutor, ThreadPoolExecutor } from "../../src/futures/index.js";

const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
after(() => pool.shutdown());

test("the listed buffers are detached in the caller at submit and arrive intact", async () => {
  const data = new Float64Array([1, 2, 3]);
  const f = pool.submitWith(
    { transfer: [data.buffer] },
    (a: Float64Array) => a.reduce((s, x) => s + x, 0),
    data,
  );
  assert.equal(data.buffer.byteLength, 0);
  assert.equal(data.length, 0);
  assert.equal(await f, 6);
});

test("a typed array in transfer means its buffer; several jobs, each its own buffer", async () => {
  const a = new Uint8Array(1 << 20).fill(1);
  const b = new Uint8Array(1 << 10).fill(2);
  const sum = (x: Uint8Array) => x.reduce((s, v) => s + v, 0);
  const fa = pool.submitWith({ transfer: [a] }, sum, a);
  const fb = pool.submitWith({ transfer: [b, b] }, sum, b); // listed twice: moved once
  assert.equal(a.byteLength, 0);
  assert.equal(b.byteLength, 0);
  assert.deepEqual(await Promise.all([fa, fb]), [1 << 20, 2 << 10]);
});

test("bad transfer lists: clear errors at the call", async () => {
  const fn = (x: unknown) => x;
  assert.throws(() => pool.submitWith({ transfer: [new SharedArrayBuffer(8)] as never }, fn, 1), {
    name: "TypeError",
    message:
      "submitWith({ transfer }): transfer[0] is a SharedArrayBuffer, which is shared with workers and never moved; pass it as an argument without listing it in transfer",
  });
  assert.throws(() => pool.submitWith({ transfer: [{}] as never }, fn, 1), {
    name: "TypeError",
    message:
      "submitWith({ transfer }): transfer[0] is Object, not an ArrayBuffer or typed array; list only the buffers to move into the worker",
  });
  assert.throws(() => pool.submitWith({ transfer: new ArrayBuffer(1) as never }, fn, 1), {
    name: "TypeError",
    message:
      "submitWith({ transfer }): transfer must be an array of ArrayBuffers or typed arrays, got ArrayBuffer",
  });
  const moved = new ArrayBuffer(8);
  await pool.submitWith({ transfer: [moved] }, fn, moved);
  assert.throws(() => pool.submitWith({ transfer: [moved] }, fn, moved), {
    name: "TypeError",
    message:
      "submitWith({ transfer }): transfer[0] is already detached (transferred before); a buffer can be moved only once — copy it first if it must go to two jobs",
  });
  const processes = new ProcessPoolExecutor({ maxWorkers: 1 });
  try {
    const buf = new ArrayBuffer(8);
    assert.throws(() => processes.submitWith({ transfer: [buf] }, fn, buf), {
      name: "TypeError",
      message:
        "submitWith({ transfer }): a ProcessPoolExecutor cannot transfer buffers (a process cannot receive moved memory; its arguments are always copied); drop the transfer option, or use a ThreadPoolExecutor to move buffers without copying",
    });
    assert.equal(buf.byteLength, 8, "nothing was moved");
  } finally {
    await processes.shutdown();
  }
});
