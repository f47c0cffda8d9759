import { describeValue } from "../../core/internal.js";

/**
 * Checks a stream limit (a positive whole number of bytes) and returns it.
 * @internal
 * @example
 * const limit = checkLimit("openConnection()", options.limit ?? DEFAULT_LIMIT);
 */
export function checkLimit(what: string, limit: unknown): number {
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1) {
    throw new RangeError(
      `${what}: limit must be a whole number of bytes >= 1; got ${describeValue(limit)}`,
    );
  }
  return limit;
}

/**
 * Checks a host (a non-empty string) and a TCP port (0..65535; 0 asks the system for a free one).
 * @internal
 * @example
 * checkAddress("openConnection()", host, port);
 */
export function checkAddress(what: string, host: unknown, port: unknown): void {
  if (typeof host !== "string" || host.length === 0) {
    throw new TypeError(
      `${what}: host must be a non-empty string such as "127.0.0.1"; got ${describeValue(host)}`,
    );
  }
  if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(
      `${what}: port must be a whole number from 0 to 65535 (0: any free port); got ${describeValue(port)}`,
    );
  }
}
