/**
 * The tornado face (`spindle/tornado`): `IOLoop` over the kernel loop, `PeriodicCallback`, and the
 * callback HTTP client `AsyncHTTPClient` over undici (http and https). Times are in seconds, except
 * PeriodicCallback's milliseconds (Tornado's own unit there).
 * @module
 */
export * from "../core/errors.js";
export {
  AsyncHTTPClient,
  type AsyncHTTPClientOptions,
  type AsyncHTTPClientStatistics,
  type FetchCallback,
  type FetchOptions,
} from "./client.js";
export { IOLoop, type Timedelta } from "./ioloop.js";
export { PeriodicCallback } from "./periodic-callback.js";
export { HTTPRequest, type HTTPRequestOptions } from "./request.js";
export {
  HTTPClientError,
  HTTPClientError as HTTPError,
  HTTPResponse,
  HTTPStreamClosedError,
  HTTPTimeoutError,
} from "./response.js";
