import type { ExceptionContext } from "./future.js";

/**
 * Something opened on a loop that must not outlive it: an in-flight HTTP request, a server, a
 * connection, monkey patches onto its hub. The loop closes what is still open when it closes.
 * @example
 * const release = loop.trackResource({
 *   describe: () => `server on 127.0.0.1:${port}`,
 *   close: () => server.close(),
 * });
 * // ...when the program closes the server itself:
 * release();
 */
export interface LoopResource {
  /** What it is, in words, for the debug-mode warning: "server on 127.0.0.1:8080". */
  describe(): string;
  /** Closes or aborts it now. Must not throw for a resource already closing. */
  close(): void;
}

/**
 * The resources open on one loop, closed newest first when the loop closes (as a `finally`
 * ladder would). In debug mode each one still open then is reported, as asyncio's
 * ResourceWarning does for unclosed transports: closing it is the program's job.
 *
 * Invariant: a resource is in the set from `track()` until its release function is called or the
 * loop closes it, whichever comes first; it is closed at most once by the loop.
 * @internal
 */
export class LoopResources {
  readonly #open = new Set<LoopResource>();
  readonly #report: (context: ExceptionContext) => void;

  constructor(report: (context: ExceptionContext) => void) {
    this.#report = report;
  }

  get size(): number {
    return this.#open.size;
  }

  track(resource: LoopResource): () => void {
    if (
      resource === null ||
      typeof resource !== "object" ||
      typeof resource.close !== "function" ||
      typeof resource.describe !== "function"
    ) {
      throw new TypeError(
        "trackResource() needs an object with close() and describe() methods (what to close when the loop closes, and its name)",
      );
    }
    this.#open.add(resource);
    return () => {
      this.#open.delete(resource);
    };
  }

  /** Closes everything still open, newest first; `warn` says so for each (debug mode). */
  closeAll(warn: boolean): void {
    const open = [...this.#open].reverse();
    for (const resource of open) {
      // One closed earlier in this pass may have released this one (a server its connections).
      if (!this.#open.delete(resource)) continue;
      let what = "a resource";
      try {
        what = resource.describe();
        if (warn) {
          console.warn(
            `spindle debug: ${what} was still open when the loop closed; spindle closed it. Close it yourself before run() returns (close(), or a \`finally\` block).`,
          );
        }
        resource.close();
      } catch (error) {
        this.#report({ message: `closing ${what} when the loop closed failed`, exception: error });
      }
    }
  }
}
