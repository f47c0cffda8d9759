import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import type { Dispatcher } from "undici";
import type { Loop, TimerHandle } from "../core/index.js";
import { type HTTPRequest, parsedUrl } from "./request.js";
import {
  HTTPClientError,
  HTTPResponse,
  HTTPStreamClosedError,
  HTTPTimeoutError,
} from "./response.js";

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Request headers that carry credentials: never sent on after a redirect to another origin. */
const CREDENTIALS = new Set(["authorization", "cookie", "proxy-authorization"]);

type Controller = Dispatcher.DispatchController;

/**
 * Performs one request through an undici dispatcher (the client's keep-alive `Agent`), following
 * redirects, and calls `done` exactly once with the response — failures included (code 599 when
 * no response arrived). Returns an abort function.
 *
 * Timeouts run on the spindle loop (virtual clocks and the monitor see them), with ONE timer per
 * exchange: it fires at the earlier of the connect deadline and the request deadline, and re-arms
 * for the request deadline when the connection came in time. "Connected" is undici's
 * `onRequestStart`: the request was handed a connected socket (at once for a kept-alive one).
 *
 * Invariant: when `done` runs, nothing of this exchange is left: its timer is cancelled and its
 * request either finished (its socket back in the pool) or was aborted (undici destroys the
 * socket of an aborted request).
 * @internal
 * @example
 * const abort = exchange(loop, request, agent, (response) => future.setResult(response));
 */
export function exchange(
  loop: Loop,
  request: HTTPRequest,
  dispatcher: Dispatcher,
  done: (response: HTTPResponse) => void,
): (reason: string) => void {
  const ex = new Exchange(loop, request, dispatcher, done);
  ex.send();
  return (reason) => ex.fail(new HTTPClientError(599, reason));
}

class Exchange {
  readonly loop: Loop;
  readonly request: HTTPRequest;
  readonly #dispatcher: Dispatcher;
  readonly #done: (response: HTTPResponse) => void;
  readonly start: number;
  url: URL;
  #method: string;
  #body: string | Uint8Array | undefined;
  #redirects = 0;
  /**
   * Whether the credential headers still go with the request: false from the first redirect to
   * another origin (scheme, host, port) on, as fetch, curl and requests do — even if a later
   * redirect comes back, since the chain has passed through a server the caller did not pick.
   */
  #credentials = true;
  /** The hop in flight; a later hop replaces it, so a stale hop's callbacks are recognised. */
  hop: Hop | null = null;
  #timer: TimerHandle | null = null;
  /** Loop time by which the current hop must be connected (Infinity once it is). */
  #connectBy: number;
  readonly #requestBy: number;
  finished = false;

  constructor(
    loop: Loop,
    request: HTTPRequest,
    dispatcher: Dispatcher,
    done: (response: HTTPResponse) => void,
  ) {
    this.loop = loop;
    this.request = request;
    this.#dispatcher = dispatcher;
    this.#done = done;
    this.start = loop.time();
    this.url = parsedUrl(request); // never mutated: a redirect makes a new URL
    this.#method = request.method;
    this.#body = request.body;
    this.#connectBy = this.start + request.connectTimeout;
    this.#requestBy = this.start + request.requestTimeout;
  }

  send(): void {
    const hop = new Hop(this);
    this.hop = hop;
    this.#arm();
    const url = this.url;
    try {
      this.#dispatcher.dispatch(
        {
          origin: url.origin,
          path: url.pathname + url.search,
          method: this.#method as Dispatcher.HttpMethod,
          headers: headersOf(this.request, this.#credentials),
          body: this.#body ?? null,
          // spindle's own timer bounds the whole request; undici's would only add timers.
          headersTimeout: 0,
          bodyTimeout: 0,
        },
        hop,
      );
    } catch (error) {
      this.failWith(error, false, 0);
    }
  }

  /** The hop got a connected socket: the connect deadline no longer applies. */
  connected(): void {
    this.#connectBy = Number.POSITIVE_INFINITY;
  }

  /**
   * Follows `location` when the response is a redirect to follow; false otherwise (and the
   * exchange has failed if `location` cannot be followed at all).
   */
  redirect(code: number, location: string | undefined): boolean {
    const request = this.request;
    if (
      !request.followRedirects ||
      !REDIRECTS.has(code) ||
      location === undefined ||
      this.#redirects >= request.maxRedirects
    ) {
      return false;
    }
    let next: URL;
    try {
      next = new URL(location, this.url);
    } catch {
      this.fail(invalidRedirect(this.url, code, location, "which is not a valid URL"));
      return false;
    }
    if (next.protocol !== "http:" && next.protocol !== "https:") {
      this.fail(invalidRedirect(this.url, code, location, "whose scheme is not http: or https:"));
      return false;
    }
    this.#redirects++;
    if (next.origin !== this.url.origin) this.#credentials = false;
    this.url = next;
    if (code === 303 || ((code === 301 || code === 302) && this.#method === "POST")) {
      this.#method = "GET";
      this.#body = undefined;
    }
    this.#connectBy = this.loop.time() + request.connectTimeout;
    return true;
  }

  /** The redirect response ended (its connection is free again): send the next hop. */
  followed(): void {
    if (!this.finished) this.send();
  }

  finish(response: HTTPResponse): void {
    if (this.finished) return;
    this.finished = true;
    this.#timer?.cancel();
    this.#timer = null;
    this.#done(response);
  }

  fail(error: HTTPClientError): void {
    if (this.finished) return;
    this.hop?.abort(error);
    this.finish(
      new HTTPResponse({
        request: this.request,
        code: 599,
        reason: error.message.replace(/^HTTP 599: /, ""),
        error,
        effectiveUrl: this.url.href,
        requestTime: this.loop.time() - this.start,
      }),
    );
  }

  /** An error from undici (or from the dispatch call): after the headers, the stream closed. */
  failWith(error: unknown, started: boolean, size: number): void {
    if (this.finished) return;
    if (error instanceof HTTPClientError) {
      this.fail(error);
    } else if (started) {
      this.fail(
        new HTTPStreamClosedError(
          `Stream closed: the server closed the connection after ${size} bytes of the body, before the end`,
          error,
        ),
      );
    } else {
      const e = error as NodeJS.ErrnoException;
      const code = e.code ?? (e.cause as NodeJS.ErrnoException | undefined)?.code;
      this.fail(new HTTPClientError(599, `${e.message}${hint(code)}`, null, error));
    }
  }

  /** (Re)arms the one timer at the earliest deadline still pending. */
  #arm(): void {
    const at = Math.min(this.#connectBy, this.#requestBy);
    this.#timer?.cancel();
    this.#timer = this.loop.callAt(at, () => this.#expired());
  }

  #expired(): void {
    this.#timer = null;
    if (this.finished) return;
    const now = this.loop.time();
    const request = this.request;
    if (now >= this.#requestBy) {
      this.fail(
        new HTTPTimeoutError(
          `Timeout during request: no complete response within requestTimeout (${request.requestTimeout} s); raise it if the server is slow`,
        ),
      );
    } else if (now >= this.#connectBy) {
      this.fail(
        new HTTPTimeoutError(
          `Timeout while connecting: no connection to ${this.url.host} within connectTimeout (${request.connectTimeout} s)`,
        ),
      );
    } else {
      this.#arm(); // connected in time: wait for the request deadline
    }
  }
}

/** One request/response on the wire (a redirect makes another). undici's DispatchHandler. */
class Hop implements Dispatcher.DispatchHandler {
  readonly #ex: Exchange;
  #controller: Controller | null = null;
  /** Set when aborted before undici handed over a controller: abort it as soon as it does. */
  #abortWith: Error | null = null;
  #started = false;
  #redirecting = false;
  #code = 0;
  #reason = "";
  #headers: IncomingHttpHeaders = {};
  #chunks: Buffer[] = [];
  #size = 0;

  constructor(ex: Exchange) {
    this.#ex = ex;
  }

  abort(error: Error): void {
    if (this.#controller !== null) this.#controller.abort(error);
    else this.#abortWith = error;
  }

  onRequestStart(controller: Controller): void {
    this.#controller = controller;
    if (this.#abortWith !== null) {
      controller.abort(this.#abortWith);
      return;
    }
    if (this.#ex.hop === this) this.#ex.connected();
  }

  onResponseStart(
    controller: Controller,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    const ex = this.#ex;
    if (ex.finished || ex.hop !== this) {
      controller.abort(new Error("the exchange already ended"));
      return;
    }
    if (statusCode < 200) return; // 1xx informational: the real head follows
    this.#started = true;
    const location = headers.location;
    if (ex.redirect(statusCode, typeof location === "string" ? location : undefined)) {
      this.#redirecting = true; // its body is read and dropped; the next hop starts at its end
      return;
    }
    if (ex.finished) return; // a redirect that could not be followed failed the exchange
    const max = ex.request.maxBodySize;
    const declared = Number(headers["content-length"]);
    if (declared > max) {
      ex.fail(tooLarge(declared, max));
      return;
    }
    this.#code = statusCode;
    this.#reason = statusMessage ?? "";
    this.#headers = headers;
  }

  onResponseData(_controller: Controller, chunk: Buffer): void {
    if (this.#redirecting) return;
    const ex = this.#ex;
    if (ex.finished) return;
    this.#size += chunk.length;
    const max = ex.request.maxBodySize;
    if (this.#size > max) {
      ex.fail(tooLarge(this.#size, max));
      return;
    }
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    const ex = this.#ex;
    if (this.#redirecting) {
      ex.followed();
      return;
    }
    const chunks = this.#chunks;
    ex.finish(
      new HTTPResponse({
        request: ex.request,
        code: this.#code,
        reason: this.#reason,
        headers: this.#headers,
        body:
          chunks.length === 1
            ? chunks[0]!
            : chunks.length === 0
              ? undefined
              : Buffer.concat(chunks, this.#size),
        effectiveUrl: ex.url.href,
        requestTime: ex.loop.time() - ex.start,
      }),
    );
  }

  onResponseError(_controller: Controller, error: Error): void {
    this.#ex.failWith(error, this.#started, this.#size);
  }
}

/**
 * The request's headers for undici: the User-Agent first, numbers as strings; without the
 * credential headers once `credentials` is false.
 */
function headersOf(request: HTTPRequest, credentials: boolean): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = { "user-agent": request.userAgent };
  const given: OutgoingHttpHeaders = request.headers;
  for (const name in given) {
    const value = given[name];
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (!credentials && CREDENTIALS.has(lower)) continue;
    out[lower] = typeof value === "number" ? String(value) : value;
  }
  return out;
}

function invalidRedirect(from: URL, code: number, location: string, why: string): HTTPClientError {
  return new HTTPClientError(
    599,
    `Invalid redirect: ${from.href} answered ${code} with Location ${JSON.stringify(location)}, ${why}; the redirect was not followed`,
  );
}

function tooLarge(size: number, max: number): HTTPClientError {
  return new HTTPClientError(
    599,
    `Body too large: ${size} bytes is more than maxBodySize (${max}); raise maxBodySize to accept it`,
  );
}

function hint(code: string | undefined): string {
  switch (code) {
    case "ECONNREFUSED":
      return " (nothing listens there: is the server running?)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return " (the host name could not be resolved: check the URL)";
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      return " (the server closed the connection)";
    case "UND_ERR_DESTROYED":
      return " (the client was closed)";
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
    case "CERT_HAS_EXPIRED":
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return " (the server's TLS certificate is not trusted: fix the certificate, or give Node its CA with NODE_EXTRA_CA_CERTS)";
    default:
      return "";
  }
}
