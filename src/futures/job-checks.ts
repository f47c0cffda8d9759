// Checks at submit() that depend on where the job goes: what may cross into a process, and which
// buffers may be transferred. Each failure is a TypeError or RangeError at the call that says
// what to do instead.
import { describeValue, TO_SHARED } from "../threading/internal.js";

/**
 * A process shares no memory with its parent: refuses SharedArrayBuffers (also under a typed
 * array) and spindle/threading primitives among the top-level arguments, naming the position.
 * Deeper ones fail their job when it is sent, with the serializer's message.
 * @internal
 */
export function checkProcessArgs(args: readonly unknown[], where: string): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === null || typeof arg !== "object") continue;
    const shared =
      arg instanceof SharedArrayBuffer ||
      (ArrayBuffer.isView(arg) && arg.buffer instanceof SharedArrayBuffer);
    if (shared) {
      throw new TypeError(
        `${where}: argument ${i + 1} (${describeValue(arg)}) is backed by a SharedArrayBuffer, which a child process cannot share (processes share no memory); use a ThreadPoolExecutor for shared memory, or pass a copy of the data`,
      );
    }
    if (TO_SHARED in arg) {
      throw new TypeError(
        `${where}: argument ${i + 1} (${describeValue(arg)}) is a spindle/threading primitive, which lives in shared memory a child process cannot share; use a ThreadPoolExecutor for shared memory`,
      );
    }
  }
}

/**
 * Validates `submitWith({ transfer })` and reduces it to distinct ArrayBuffers, or null if empty.
 * @internal
 */
export function checkTransfer(transfer: unknown, processes: boolean): ArrayBuffer[] | null {
  if (transfer === undefined) return null;
  if (!Array.isArray(transfer)) {
    throw new TypeError(
      `submitWith({ transfer }): transfer must be an array of ArrayBuffers or typed arrays, got ${describeValue(transfer)}`,
    );
  }
  if (transfer.length === 0) return null;
  if (processes) {
    throw new TypeError(
      "submitWith({ transfer }): a ProcessPoolExecutor cannot transfer buffers (a process cannot receive moved memory; its arguments are always copied); drop the transfer option, or use a ThreadPoolExecutor to move buffers without copying",
    );
  }
  const out: ArrayBuffer[] = [];
  for (let i = 0; i < transfer.length; i++) {
    const item: unknown = transfer[i];
    const buffer = ArrayBuffer.isView(item) ? item.buffer : item;
    if (buffer instanceof SharedArrayBuffer) {
      throw new TypeError(
        `submitWith({ transfer }): transfer[${i}] is a SharedArrayBuffer, which is shared with workers and never moved; pass it as an argument without listing it in transfer`,
      );
    }
    if (!(buffer instanceof ArrayBuffer)) {
      throw new TypeError(
        `submitWith({ transfer }): transfer[${i}] is ${describeValue(item)}, not an ArrayBuffer or typed array; list only the buffers to move into the worker`,
      );
    }
    if (buffer.byteLength === 0 && isDetached(buffer)) {
      throw new TypeError(
        `submitWith({ transfer }): transfer[${i}] is already detached (transferred before); a buffer can be moved only once — copy it first if it must go to two jobs`,
      );
    }
    if (!out.includes(buffer)) out.push(buffer);
  }
  return out;
}

function isDetached(buffer: ArrayBuffer): boolean {
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}

/**
 * Moves `args` off the caller's buffers now: the listed buffers are detached at once (as
 * postMessage would, but already at submit), and the job keeps the moved copies, which are then
 * transferred again, without copying, when its batch is posted.
 * @internal
 */
export function moveArgs(
  args: unknown[],
  transfer: ArrayBuffer[],
): { args: unknown[]; transfer: ArrayBuffer[] } {
  return structuredClone({ args, transfer }, { transfer });
}
