/**
 * Errors crossing a thread or process boundary: structured clone keeps the built-in error types
 * but not custom classes, so errors travel as `{ name, message, stack }` and come back as the
 * matching built-in class (or Error) with the original name and the worker's stack.
 * @internal
 */
export interface WireError {
  readonly wireError: true;
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
}

/** The built-in error classes, by name: what an error crossing a boundary is rebuilt as. @internal */
export const BUILTIN_ERRORS: Readonly<Record<string, ErrorConstructor>> = {
  Error,
  TypeError,
  RangeError,
  ReferenceError,
  SyntaxError,
  EvalError,
  URIError,
};

/** Describes a thrown value for the wire. @internal */
export function packError(error: unknown): unknown {
  if (error instanceof Error) {
    return { wireError: true, name: error.name, message: error.message, stack: error.stack };
  }
  return error;
}

/** Rebuilds a thrown value from the wire. @internal */
export function unpackError(packed: unknown): unknown {
  const wire = packed as Partial<WireError> | null;
  if (wire === null || typeof wire !== "object" || wire.wireError !== true) return packed;
  const Ctor = BUILTIN_ERRORS[wire.name ?? ""] ?? Error;
  const error = new Ctor(wire.message);
  if (error.name !== wire.name) {
    Object.defineProperty(error, "name", { value: wire.name, configurable: true, writable: true });
  }
  if (wire.stack !== undefined) error.stack = wire.stack;
  return error;
}
