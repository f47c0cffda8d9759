import { Agent } from "undici";
import {
  type Future,
  getEventLoop,
  type Loop,
  type LoopResource,
  Ring,
  type TimerHandle,
} from "../core/index.js";
import { exchange } from "./exchange.js";
import { HTTPRequest, type HTTPRequestOptions } from "./request.js";
import { HTTPClientError, HTTPResponse, HTTPTimeoutError } from "./response.js";

/**
 * Options of {@link AsyncHTTPClient.fetch}: the request's options, plus `raiseError`.
 * @example
 * client.fetch(url, { method: "POST", body: "x", raiseError: false });
 */
export interface FetchOptions extends HTTPRequestOptions {
  /** Without a callback: fail the Future on a non-2xx response (default true). Errors without a
   * response (code 599) always fail it, as in Tornado 6. */
  raiseError?: boolean;
}

/**
 * Options of {@link AsyncHTTPClient}.
 * @example
 * new AsyncHTTPClient({ maxClients: 50 });
 */
export interface AsyncHTTPClientOptions {
  /** Requests in flight at once (default 10, as Tornado); more wait in a FIFO queue. */
  maxClients?: number;
}

/**
 * A snapshot of an {@link AsyncHTTPClient}.
 * @example
 * client.statistics(); // { active: 10, queued: 90, completed: 400, maxClients: 10 }
 */
export interface AsyncHTTPClientStatistics {
  active: number;
  queued: number;
  completed: number;
  maxClients: number;
}

/** The callback style of the talk: called on the loop with every response, failures included. */
export type FetchCallback = (response: HTTPResponse) => void;

/**
 * One fetch, from the call to its end. It is its Future's listener: when the Future is done
 * (delivered, or cancelled by its caller or by its loop's closing) it lets go of what it held.
 */
class Pending implements LoopResource {
  readonly loop: Loop;
  readonly request: HTTPRequest;
  readonly future: Future<HTTPResponse>;
  readonly callback: FetchCallback | null;
  readonly raiseError: boolean;
  /** The answer comes from the network: the loop waits for it rather than report a deadlock. */
  readonly release: () => void;
  readonly #loopClosing: (pending: Pending) => void;
  /** A resource of its loop: if the loop closes first, the fetch is cancelled (and aborted). */
  readonly untrack: () => void;
  abort: ((reason: string) => void) | null = null;
  readonly queuedAt: number;
  /** When it gives up waiting in the queue (loop time). */
  deadline = Number.POSITIVE_INFINITY;

  constructor(
    loop: Loop,
    request: HTTPRequest,
    callback: FetchCallback | null,
    raiseError: boolean,
    loopClosing: (pending: Pending) => void,
  ) {
    this.loop = loop;
    this.request = request;
    this.future = loop.createFuture<HTTPResponse>(`fetch ${request.method} ${request.url}`);
    this.callback = callback;
    this.raiseError = raiseError;
    this.release = loop.keepAlive();
    this.#loopClosing = loopClosing;
    this.untrack = loop.trackResource(this);
    this.queuedAt = loop.time();
    this.future.addListener(this);
  }

  describe(): string {
    const where = this.abort === null ? "waiting in the client's queue" : "in flight";
    return `AsyncHTTPClient.fetch(${this.request.method} ${this.request.url}), ${where}`;
  }

  /** Its loop is closing with the fetch still open. */
  close(): void {
    this.#loopClosing(this);
  }

  futureDone(): void {
    this.release();
    this.untrack();
    if (this.abort !== null) this.abort("the fetch was cancelled"); // frees its slot
  }
}

/**
 * Tornado's callback HTTP client over undici (Node's own HTTP client library; see docs/tornado.md
 * for why not node:http): keep-alive through one undici `Agent` per client, which holds a pool of
 * at most `maxClients` connections per origin.
 *
 * At most `maxClients` requests run at once; the rest wait in FIFO order. A request that waits
 * longer than `min(connectTimeout, requestTimeout)` in the queue fails with code 599, as Tornado.
 * Cancelling the returned Future aborts the request. `close()` ends the kept-alive connections.
 * A fetch still open when its loop closes (`run()` returned) is cancelled and aborted with it, and
 * debug mode says so.
 * @example
 * const client = new AsyncHTTPClient();
 * client.fetch("http://127.0.0.1:8888/", (response) => {
 *   if (response.error) console.log(`Error: ${response.error.message}`);
 *   else console.log(response.body.toString());
 *   IOLoop.current().stop();
 * });
 * await IOLoop.current().start();
 * client.close();
 */
export class AsyncHTTPClient {
  readonly #maxClients: number;
  readonly #agent: Agent;
  readonly #queue = new Ring<Pending>();
  #active = 0;
  #completed = 0;
  /**
   * One timer for the whole queue, at the earliest deadline of a queued request (a timer per
   * queued request cost a third of the throughput when 10k requests were queued at once).
   */
  #queueTimer: TimerHandle | null = null;
  #queueTimerAt = Number.POSITIVE_INFINITY;
  #closed = false;
  /** Loops closing or closed: their queued fetches are never started (see #loopClosing). */
  readonly #deadLoops = new WeakSet<Loop>();
  readonly #onLoopClose = (pending: Pending) => this.#loopClosing(pending);

  constructor(options: AsyncHTTPClientOptions = {}) {
    const max = options.maxClients ?? 10;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(`AsyncHTTPClient maxClients must be a whole number >= 1; got ${max}`);
    }
    this.#maxClients = max;
    this.#agent = new Agent({
      connections: max, // per origin, as Node's maxSockets: every running request has its own
      // The connect timeout is spindle's, per request (see exchange.ts); undici's would be
      // one value for the whole pool.
      connect: { timeout: 0 },
    });
  }

  /**
   * Fetches `request` (a URL or an {@link HTTPRequest}) and returns a Future of the response. With
   * a `callback`, it is called on the loop with the response and every failure is on
   * `response.error` (the Future never fails). Without one, the Future fails with
   * `HTTPClientError` for a non-2xx code (unless `raiseError: false`) or when no response came.
   */
  fetch(
    request: string | HTTPRequest,
    callbackOrOptions?: FetchCallback | FetchOptions,
    options?: FetchOptions,
  ): Future<HTTPResponse> {
    if (this.#closed) {
      throw new HTTPClientError(599, "fetch() on a closed AsyncHTTPClient; create a new client");
    }
    const callback = typeof callbackOrOptions === "function" ? callbackOrOptions : null;
    const opts = (typeof callbackOrOptions === "object" ? callbackOrOptions : options) ?? {};
    const req = request instanceof HTTPRequest ? request : new HTTPRequest(request, opts);
    const loop = getEventLoop();
    const pending = new Pending(loop, req, callback, opts.raiseError ?? true, this.#onLoopClose);
    if (this.#active < this.#maxClients) this.#start(pending);
    else {
      pending.deadline = pending.queuedAt + Math.min(req.connectTimeout, req.requestTimeout);
      this.#queue.push(pending);
      this.#armQueueTimer(loop, pending.deadline);
    }
    return pending.future;
  }

  /** Aborts what is queued or running and closes kept-alive connections. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queueTimer?.cancel();
    this.#queueTimer = null;
    for (let p = this.#queue.shift(); p !== undefined; p = this.#queue.shift()) {
      this.#deliver(p, failure(p, new HTTPClientError(599, "the client was closed")));
    }
    // Aborts the running requests (they end with code 599) and closes every connection.
    void this.#agent.destroy();
  }

  /** A snapshot for tests and the monitor. */
  statistics(): AsyncHTTPClientStatistics {
    let queued = 0;
    for (const p of this.#queue) if (!p.future.done()) queued++;
    return {
      active: this.#active,
      queued,
      completed: this.#completed,
      maxClients: this.#maxClients,
    };
  }

  #start(pending: Pending): void {
    this.#active++;
    pending.abort = exchange(pending.loop, pending.request, this.#agent, (response) => {
      pending.abort = null;
      this.#active--;
      this.#completed++;
      this.#deliver(pending, response);
      this.#startNext();
    });
  }

  #startNext(): void {
    while (this.#active < this.#maxClients) {
      const next = this.#queue.shift();
      if (next === undefined) {
        this.#queueTimer?.cancel(); // nobody left to time out
        this.#queueTimer = null;
        this.#queueTimerAt = Number.POSITIVE_INFINITY;
        return;
      }
      if (next.future.done()) continue; // cancelled or timed out while queued
      if (this.#deadLoops.has(next.loop)) {
        next.future.cancel(LOOP_CLOSED);
        continue;
      }
      this.#start(next);
    }
  }

  /**
   * The fetch's loop is closing with the fetch still open: cancel it, which aborts it if it is on
   * the wire (its callback would never run, and its response would reach a closed loop). The
   * slot it frees must not start another fetch of the same loop: the loop is marked first.
   */
  #loopClosing(pending: Pending): void {
    this.#deadLoops.add(pending.loop);
    pending.future.cancel(LOOP_CLOSED);
  }

  #armQueueTimer(loop: Loop, deadline: number): void {
    if (deadline >= this.#queueTimerAt) return;
    this.#queueTimer?.cancel();
    this.#queueTimerAt = deadline;
    this.#queueTimer = loop.callAt(deadline, () => this.#expireQueued(loop));
  }

  /** Fails the queued requests whose deadline passed; re-arms for the earliest of the rest. */
  #expireQueued(loop: Loop): void {
    this.#queueTimer = null;
    this.#queueTimerAt = Number.POSITIVE_INFINITY;
    const now = loop.time();
    let earliest = Number.POSITIVE_INFINITY;
    for (const p of this.#queue) {
      if (p.future.done()) continue;
      if (p.deadline <= now) {
        const wait = Math.min(p.request.connectTimeout, p.request.requestTimeout);
        this.#deliver(
          p,
          failure(
            p,
            new HTTPTimeoutError(
              `Timeout in request queue: ${this.#maxClients} requests ran the whole ${wait} s; raise maxClients or the timeouts`,
            ),
          ),
        );
      } else if (p.deadline < earliest) earliest = p.deadline;
    }
    if (earliest !== Number.POSITIVE_INFINITY) this.#armQueueTimer(loop, earliest);
  }

  #deliver(pending: Pending, response: HTTPResponse): void {
    const future = pending.future;
    if (future.done()) return;
    if (pending.callback !== null) {
      future.setResult(response);
      pending.loop.callSoon(pending.callback, response);
    } else if (response.error !== null && (pending.raiseError || response.code === 599)) {
      future.setException(response.error);
    } else {
      future.setResult(response);
    }
  }
}

const LOOP_CLOSED =
  "the event loop closed before the response came; close the client or wait for its fetches before run() returns";

function failure(pending: Pending, error: HTTPClientError): HTTPResponse {
  return new HTTPResponse({
    request: pending.request,
    code: 599,
    reason: error.message.replace(/^HTTP 599: /, ""),
    error,
    requestTime: pending.loop.time() - pending.queuedAt,
  });
}
