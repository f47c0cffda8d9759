import type { IncomingHttpHeaders } from "node:http";
import type { HTTPRequest } from "./request.js";

// The errors live beside the response: each refers to the other.

/**
 * What a fetch produced (Tornado's HTTPResponse). With a callback, failures arrive here too:
 * `error` is set and, when no response came at all, `code` is 599.
 * @example
 * client.fetch(url, (response) => {
 *   if (response.error) console.log(`Error: ${response.error.message}`);
 *   else console.log(`${response.effectiveUrl}: ${response.body.length} bytes`);
 * });
 */
export class HTTPResponse {
  /** The request (the first one, when redirects were followed). */
  readonly request: HTTPRequest;
  /** The status code, or 599 when no response arrived. */
  readonly code: number;
  /** The status text ("OK", "Not Found"), or what went wrong. */
  readonly reason: string;
  /** Response headers, names in lower case. */
  readonly headers: IncomingHttpHeaders;
  /** The body (empty when there was none). */
  readonly body: Buffer;
  /** The error, or null for a 2xx response. */
  readonly error: HTTPClientError | null;
  /** The URL finally fetched, after redirects. */
  readonly effectiveUrl: string;
  /** Seconds from the start of the request (queueing excluded) to its end. */
  readonly requestTime: number;

  /** @internal Made by the client. */
  constructor(fields: {
    request: HTTPRequest;
    code: number;
    reason: string;
    headers?: IncomingHttpHeaders;
    body?: Buffer;
    error?: HTTPClientError | null;
    effectiveUrl?: string;
    requestTime: number;
  }) {
    this.request = fields.request;
    this.code = fields.code;
    this.reason = fields.reason;
    this.headers = fields.headers ?? {};
    this.body = fields.body ?? Buffer.alloc(0);
    this.effectiveUrl = fields.effectiveUrl ?? fields.request.url;
    this.requestTime = fields.requestTime;
    let error = fields.error ?? null;
    if (error === null && (this.code < 200 || this.code >= 300)) {
      error = new HTTPClientError(this.code, this.reason, this);
    } else if (error !== null && error.response === null && this.code !== 599) {
      error.response = this;
    }
    this.error = error;
  }

  /** Throws `error` if there is one (Tornado's `rethrow()`). */
  rethrow(): void {
    if (this.error !== null) throw this.error;
  }
}

/**
 * An HTTP request failed (Tornado's HTTPClientError, once HTTPError): a response with a non-2xx
 * code, or no response at all — code 599, as in Tornado, for connection errors, timeouts, a
 * connection closed mid-body or a body over `maxBodySize`. The message reads `HTTP 404: Not Found`.
 * @example
 * try { yield* client.fetch(url); } catch (e) { if (e instanceof HTTPClientError) console.log(e.code, e.response?.body); }
 */
export class HTTPClientError extends Error {
  override name = "HTTPClientError";
  /** The HTTP status code, or 599 when no response arrived. */
  readonly code: number;
  /** The response, when one arrived. */
  response: HTTPResponse | null;

  constructor(
    code: number,
    message: string,
    response: HTTPResponse | null = null,
    cause?: unknown,
  ) {
    super(`HTTP ${code}: ${message}`, cause === undefined ? undefined : { cause });
    this.code = code;
    this.response = response;
  }
}

/**
 * A connect or request timeout, or a wait in the client's queue that was too long (code 599).
 * @example
 * catch (e) { if (e instanceof HTTPTimeoutError) retryLater(); }
 */
export class HTTPTimeoutError extends HTTPClientError {
  override name = "HTTPTimeoutError";
  constructor(message: string) {
    super(599, message);
  }
}

/**
 * The connection closed before the whole response arrived (code 599).
 * @example
 * catch (e) { if (e instanceof HTTPStreamClosedError) console.log("server hung up"); }
 */
export class HTTPStreamClosedError extends HTTPClientError {
  override name = "HTTPStreamClosedError";
  constructor(message: string, cause?: unknown) {
    super(599, message, null, cause);
  }
}
