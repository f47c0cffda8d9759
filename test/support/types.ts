// Compile-time type assertions: `expect<Equal<A, B>>()` fails the build unless A and B are the
// same type. The functions that use it are never called; the build is the test.

/** True exactly when A and B are the same type (not merely assignable either way). */
export type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Accepts only `true`: `expect<Equal<typeof x, number>>()`. */
export function expect<T extends true>(): T | undefined {
  return undefined;
}
