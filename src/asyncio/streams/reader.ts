import { Buffer } from "node:buffer";
import {
  type Awaitable,
  type Coroutine,
  Future,
  IncompleteReadError,
  LimitOverrunError,
  type Loop,
  RuntimeError,
  type WaitTarget,
} from "../../core/index.js";
import { StreamOp } from "./op.js";
import { checkLimit } from "./validate.js";

/** asyncio's default line limit: 64 KiB. */
export const DEFAULT_LIMIT = 2 ** 16;

const EMPTY = Buffer.alloc(0);
const NEWLINE = Buffer.from("\n");

/**
 * What a reader asks of the thing feeding it, for flow control: stop reading from the socket while
 * the buffer is over twice the limit, read again once it is back under the limit.
 * @internal
 */
export interface ReadSource {
  pause(): void;
  resume(): void;
}

/**
 * A snapshot of a {@link StreamReader}.
 * @example
 * reader.statistics(); // { buffered: 12, limit: 65536, eof: false, paused: false, waiting: true, bytesRead: 4096 }
 */
export interface StreamReaderStatistics {
  /** Bytes received and not yet read. */
  buffered: number;
  /** The line limit (bytes). */
  limit: number;
  /** Whether the peer ended the stream (there may still be buffered bytes). */
  eof: boolean;
  /** Whether reading from the socket is paused because the buffer is full. */
  paused: boolean;
  /** Whether a task waits for data. */
  waiting: boolean;
  /** Bytes handed out by reads so far. */
  bytesRead: number;
}

/**
 * The reading half of a connection (asyncio.StreamReader). Bytes arrive with `feedData` and
 * wait in a buffer until a read takes them; reads return `Buffer`s.
 *
 * Invariant: a read takes bytes out of the buffer only in the step that returns them. A read that
 * must wait parks on a fresh future and re-examines the buffer when woken, so cancelling it (a
 * timeout, a TaskGroup) takes nothing: the bytes stay for the next read.
 *
 * Only one task may wait on a reader at a time (as in asyncio): two concurrent reads of one stream
 * would interleave bytes unpredictably, so the second gets a RuntimeError.
 *
 * Flow control: while more than `2 × limit` bytes are buffered, the reader pauses its socket (TCP
 * then pushes back on the sender); it resumes once reads bring the buffer under `limit`.
 * @example
 * const [reader, writer] = yield* openConnection("127.0.0.1", port);
 * const line = yield* reader.readline(); // Buffer, "\n" included; empty at EOF
 * const header = yield* reader.readexactly(4);
 */
export class StreamReader implements WaitTarget {
  readonly #loop: Loop;
  readonly #limit: number;
  readonly #name: string;
  #source: ReadSource | null = null;
  /** Unread bytes are `#buf[#pos..]`; when all are read `#buf` is dropped for the next chunk. */
  #buf: Buffer = EMPTY;
  #pos = 0;
  #eof = false;
  #paused = false;
  #exception: unknown = null;
  #waiter: Future<void> | null = null;
  #release: (() => void) | null = null;
  #bytesRead = 0;

  /**
   * A reader with no source yet: `openConnection` and `startServer` make connected ones. Made by
   * hand it is fed with `feedData` / `feedEof` (tests, protocols of your own).
   */
  constructor(options: { limit?: number; loop: Loop; name?: string }) {
    this.#limit = checkLimit("StreamReader", options.limit ?? DEFAULT_LIMIT);
    this.#loop = options.loop;
    this.#name = options.name ?? "StreamReader";
  }

  /** The line limit: `readline` / `readuntil` fail past it. */
  get limit(): number {
    return this.#limit;
  }

  /** @internal Connects the reader to what feeds it, for flow control. */
  setSource(source: ReadSource): void {
    this.#source = source;
  }

  /** Appends received bytes and wakes the waiting read. */
  feedData(data: Uint8Array): void {
    if (this.#eof) {
      throw new RuntimeError("feedData() after feedEof(): the stream already ended");
    }
    if (data.length === 0) return;
    const chunk = Buffer.isBuffer(data)
      ? data
      : Buffer.from(data.buffer, data.byteOffset, data.length);
    if (this.#pos >= this.#buf.length) {
      this.#buf = chunk; // the common case: everything was read, adopt the chunk without copying
    } else {
      this.#buf = Buffer.concat([this.#buf.subarray(this.#pos), chunk]);
    }
    this.#pos = 0;
    this.#wake();
    if (!this.#paused && this.#source !== null && this.buffered > 2 * this.#limit) {
      this.#paused = true;
      this.#source.pause();
    }
  }

  /** Marks the end of the stream: reads return what is left, then empty / IncompleteReadError. */
  feedEof(): void {
    this.#eof = true;
    this.#wake();
  }

  /** Makes every later read throw `error` (a reset connection); a waiting read throws it now. */
  setException(error: unknown): void {
    this.#exception = error;
    const waiter = this.#waiter;
    if (waiter !== null && !waiter.done()) waiter.setException(error);
  }

  /** The error set with `setException`, or null. */
  exception(): unknown {
    return this.#exception;
  }

  /** Whether the stream ended and every byte was read. */
  atEof(): boolean {
    return this.#eof && this.buffered === 0;
  }

  /** Bytes received and not yet read. */
  get buffered(): number {
    return this.#buf.length - this.#pos;
  }

  /**
   * Reads up to `n` bytes (`n < 0`: everything until EOF). Waits only when nothing is buffered;
   * returns an empty Buffer at EOF.
   */
  read(n = -1): Awaitable<Buffer> {
    checkCount("read", n, true);
    return new StreamOp("StreamReader.read()", () => this.#read(n));
  }

  /**
   * Reads one line, `"\n"` included. At EOF returns what is left (possibly empty). A line longer
   * than the limit throws `RangeError` (asyncio's ValueError) and is discarded, so the stream stays
   * usable.
   */
  readline(): Awaitable<Buffer> {
    return new StreamOp("StreamReader.readline()", () => this.#readline());
  }

  /** Reads exactly `n` bytes; at EOF first, throws `IncompleteReadError` with the bytes read. */
  readexactly(n: number): Awaitable<Buffer> {
    checkCount("readexactly", n, false);
    return new StreamOp("StreamReader.readexactly()", () => this.#readexactly(n));
  }

  /**
   * Reads up to and including `separator` (default `"\n"`). Throws `LimitOverrunError` when no
   * separator shows within the limit (the bytes stay buffered), `IncompleteReadError` at EOF.
   */
  readuntil(separator: string | Uint8Array = NEWLINE): Awaitable<Buffer> {
    const sep = toSeparator(separator);
    return new StreamOp("StreamReader.readuntil()", () => this.#readuntil(sep));
  }

  /** Lines until EOF: `for await (const line of reader)`. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer, void, undefined> {
    for (;;) {
      const line = await this.readline();
      if (line.length === 0) return;
      yield line;
    }
  }

  /** A snapshot for tests and the monitor. */
  statistics(): StreamReaderStatistics {
    return {
      buffered: this.buffered,
      limit: this.#limit,
      eof: this.#eof,
      paused: this.#paused,
      waiting: this.#waiter !== null,
      bytesRead: this.#bytesRead,
    };
  }

  /** `StreamReader for 127.0.0.1:5000`, for reports. */
  describe(): string {
    return this.#name;
  }

  *#read(n: number): Coroutine<Buffer> {
    this.#throwIfFailed();
    if (n === 0) return EMPTY;
    if (n < 0) {
      while (!this.#eof) yield* this.#waitForData("read");
      this.#throwIfFailed();
      return this.#take(this.buffered);
    }
    while (this.buffered === 0 && !this.#eof) yield* this.#waitForData("read");
    this.#throwIfFailed();
    return this.#take(Math.min(n, this.buffered));
  }

  *#readexactly(n: number): Coroutine<Buffer> {
    this.#throwIfFailed();
    while (this.buffered < n) {
      if (this.#eof) throw new IncompleteReadError(this.#take(this.buffered), n);
      yield* this.#waitForData("readexactly");
      this.#throwIfFailed();
    }
    return this.#take(n);
  }

  *#readline(): Coroutine<Buffer> {
    try {
      return yield* this.#readuntil(NEWLINE);
    } catch (error) {
      if (error instanceof IncompleteReadError) return error.partial as Buffer;
      if (!(error instanceof LimitOverrunError)) throw error;
      // asyncio drops the over-long line (or all it has of it) so the next read starts clean.
      const buf = this.#buf;
      if (buf[this.#pos + error.consumed] === 0x0a) this.#skip(error.consumed + 1);
      else this.#skip(this.buffered);
      this.#maybeResume();
      throw new RangeError(
        `readline(): ${error.message}; the line was discarded. Raise the limit with openConnection(host, port, { limit }) or read with read(n)`,
        { cause: error },
      );
    }
  }

  *#readuntil(sep: Buffer): Coroutine<Buffer> {
    this.#throwIfFailed();
    const seplen = sep.length;
    let offset = 0; // where the search resumes: the bytes before it were searched already
    let found = -1;
    for (;;) {
      const buffered = this.buffered;
      if (buffered - offset >= seplen) {
        const at = this.#buf.indexOf(sep, this.#pos + offset);
        if (at !== -1) {
          found = at - this.#pos;
          break;
        }
        offset = buffered + 1 - seplen;
        if (offset > this.#limit) {
          throw new LimitOverrunError(
            `no separator found within the reader's limit of ${this.#limit} bytes (${offset} bytes searched)`,
            offset,
          );
        }
      }
      if (this.#eof) throw new IncompleteReadError(this.#take(buffered), null);
      yield* this.#waitForData("readuntil");
      this.#throwIfFailed();
    }
    if (found > this.#limit) {
      throw new LimitOverrunError(
        `the separator was found after ${found} bytes, past the reader's limit of ${this.#limit} bytes`,
        found,
      );
    }
    return this.#take(found + seplen);
  }

  /** Parks until data, EOF or an error arrives. The bytes are examined by the caller afterwards. */
  #waitForData(what: string): Future<void> {
    if (this.#waiter !== null) {
      throw new RuntimeError(
        `StreamReader.${what}() called while another task is already waiting for data on ${this.#name}; read a stream from one task at a time`,
      );
    }
    if (this.#paused) {
      // Buffer full yet the read wants more (a long line): let the socket deliver again.
      this.#paused = false;
      this.#source?.resume();
    }
    const waiter = new ReadWaiter(this.#loop, `${what}() on ${this.#name}`);
    this.#waiter = waiter;
    // Bytes can only come from the socket: outside work, so an idle loop waits for it.
    this.#release = this.#loop.keepAlive();
    waiter.addListener(this);
    return waiter;
  }

  /** @internal The waiter completed (data arrived, or the waiting task was cancelled). */
  futureDone(): void {
    this.#waiter = null;
    const release = this.#release;
    this.#release = null;
    release?.();
  }

  #wake(): void {
    const waiter = this.#waiter;
    if (waiter !== null && !waiter.done()) waiter.setResult(undefined);
  }

  #take(n: number): Buffer {
    const start = this.#pos;
    const chunk = this.#buf.subarray(start, start + n);
    this.#skip(n);
    this.#bytesRead += n;
    this.#maybeResume();
    return chunk;
  }

  #skip(n: number): void {
    this.#pos += n;
    if (this.#pos >= this.#buf.length) {
      this.#buf = EMPTY;
      this.#pos = 0;
    }
  }

  #maybeResume(): void {
    if (this.#paused && this.buffered <= this.#limit) {
      this.#paused = false;
      this.#source?.resume();
    }
  }

  #throwIfFailed(): void {
    if (this.#exception !== null) throw this.#exception;
  }
}

function checkCount(what: string, n: unknown, negativeOk: boolean): void {
  if (typeof n !== "number" || !Number.isInteger(n)) {
    throw new TypeError(`StreamReader.${what}(n) needs a whole number of bytes; got ${String(n)}`);
  }
  if (!negativeOk && n < 0) {
    throw new RangeError(`StreamReader.${what}(n) needs n >= 0; got ${n}`);
  }
}

function toSeparator(separator: string | Uint8Array): Buffer {
  if (typeof separator !== "string" && !(separator instanceof Uint8Array)) {
    throw new TypeError(
      `StreamReader.readuntil(separator) needs a string or a Buffer; got ${String(separator)}`,
    );
  }
  const sep = typeof separator === "string" ? Buffer.from(separator) : Buffer.from(separator);
  if (sep.length === 0) {
    throw new RangeError(
      'StreamReader.readuntil(separator) needs a separator of at least one byte, e.g. "\\n"',
    );
  }
  return sep;
}

/** A read waiting for bytes: its own class, so reports name it, not as a bare future. */
class ReadWaiter extends Future<void> {}
