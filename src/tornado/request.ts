import type { OutgoingHttpHeaders } from "node:http";

/**
 * Options of an {@link HTTPRequest} (Tornado's keyword arguments, in camelCase; times in seconds).
 * @example
 * new HTTPRequest("http://127.0.0.1:8888/", { method: "POST", body: "x=1", requestTimeout: 5 });
 */
export interface HTTPRequestOptions {
  /** HTTP method (default "GET"). */
  method?: string;
  /** Request headers. */
  headers?: OutgoingHttpHeaders;
  /** Request body (not allowed for GET and HEAD). */
  body?: string | Uint8Array;
  /** Seconds to wait for the connection (default 20, as Tornado). */
  connectTimeout?: number;
  /** Seconds for the whole request, queueing excluded (default 20, as Tornado). */
  requestTimeout?: number;
  /** Follow 301/302/303/307/308 redirects (default true). */
  followRedirects?: boolean;
  /** How many redirects to follow at most (default 5). */
  maxRedirects?: number;
  /** Largest body accepted, in bytes (default 100 MiB, as Tornado); more fails with code 599. */
  maxBodySize?: number;
  /** The User-Agent header (default "spindle/tornado"). */
  userAgent?: string;
}

let urlOf: (request: HTTPRequest) => URL;

/**
 * The request's URL as parsed when it was made (not exported by the face: internal to the client).
 * @internal
 * @example
 * const url = parsedUrl(request); // url.origin, url.pathname
 */
export function parsedUrl(request: HTTPRequest): URL {
  return urlOf(request);
}

const DEFAULTS = {
  connectTimeout: 20,
  requestTimeout: 20,
  followRedirects: true,
  maxRedirects: 5,
  maxBodySize: 100 * 1024 * 1024,
  userAgent: "spindle/tornado",
};

/**
 * One HTTP request (Tornado's HTTPRequest). Checked when made: an invalid URL, an unsupported
 * scheme or a bad option is a RangeError / TypeError at the call, not a failed fetch later.
 * @example
 * const request = new HTTPRequest("http://127.0.0.1:8888/api", { method: "POST", body: "{}" });
 * const response = yield* client.fetch(request);
 */
export class HTTPRequest {
  static {
    urlOf = (request) => request.#parsed;
  }
  /** The URL as parsed at construction: the exchange uses it rather than parsing it again. */
  readonly #parsed: URL;
  readonly url: string;
  readonly method: string;
  readonly headers: OutgoingHttpHeaders;
  readonly body: string | Uint8Array | undefined;
  readonly connectTimeout: number;
  readonly requestTimeout: number;
  readonly followRedirects: boolean;
  readonly maxRedirects: number;
  readonly maxBodySize: number;
  readonly userAgent: string;

  constructor(url: string, options: HTTPRequestOptions = {}) {
    if (typeof url !== "string") {
      throw new TypeError(
        `HTTPRequest needs a URL string such as "http://127.0.0.1:8888/"; got ${typeof url}`,
      );
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new RangeError(
        `HTTPRequest: "${url}" is not a valid URL; give an absolute one such as "http://127.0.0.1:8888/path"`,
      );
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new RangeError(
        `HTTPRequest: unsupported scheme "${parsed.protocol}" in "${url}"; only http: and https: are supported`,
      );
    }
    this.url = url;
    this.#parsed = parsed;
    this.method = (options.method ?? "GET").toUpperCase();
    if (!/^[A-Z]+$/.test(this.method)) {
      throw new RangeError(`HTTPRequest: "${options.method}" is not an HTTP method such as "GET"`);
    }
    this.headers = { ...(options.headers ?? {}) };
    this.body = options.body;
    if (this.body !== undefined && (this.method === "GET" || this.method === "HEAD")) {
      throw new RangeError(
        `HTTPRequest: a ${this.method} request cannot have a body; use method "POST" or "PUT" to send one`,
      );
    }
    this.connectTimeout = seconds(
      "connectTimeout",
      options.connectTimeout ?? DEFAULTS.connectTimeout,
    );
    this.requestTimeout = seconds(
      "requestTimeout",
      options.requestTimeout ?? DEFAULTS.requestTimeout,
    );
    this.followRedirects = options.followRedirects ?? DEFAULTS.followRedirects;
    this.maxRedirects = count("maxRedirects", options.maxRedirects ?? DEFAULTS.maxRedirects);
    this.maxBodySize = count("maxBodySize", options.maxBodySize ?? DEFAULTS.maxBodySize);
    this.userAgent = options.userAgent ?? DEFAULTS.userAgent;
  }
}

function seconds(name: string, value: unknown): number {
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(
      `HTTPRequest: ${name} must be a positive number of seconds; got ${String(value)}`,
    );
  }
  return value;
}

function count(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`HTTPRequest: ${name} must be a whole number >= 0; got ${String(value)}`);
  }
  return value;
}
