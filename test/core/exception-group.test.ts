// ExceptionGroup: its message lists its children (as Python's traceback does), and its type
// follows what it holds (issue 12).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ExceptionGroup } from "../../src/core/index.js";
import { type Equal, expect } from "../support/types.js";

class HttpError extends Error {
  override name = "HttpError";
  constructor(readonly status: number) {
    super(`status ${status}`);
  }
}

test("the message lists each child error, nested groups indented", () => {
  const inner = new ExceptionGroup("inner", [new TypeError("b"), new Error("two\nlines")]);
  const group = new ExceptionGroup("two failed", [new RangeError("a"), inner, new Error()]);
  assert.equal(
    group.message,
    [
      "two failed (3 sub-exceptions)",
      "  1. RangeError: a",
      "  2. ExceptionGroup: inner (2 sub-exceptions)",
      "       1. TypeError: b",
      "       2. Error: two",
      "          lines",
      "  3. Error",
    ].join("\n"),
  );
  assert.equal(
    new ExceptionGroup("one", [new RangeError("x")]).message,
    "one (1 sub-exception)\n  1. RangeError: x",
  );
});

test("a thrown non-Error value is shown as itself; past 15 children the rest are counted", () => {
  const many = Array.from({ length: 17 }, (_, i) => new Error(`e${i + 1}`));
  const lines = new ExceptionGroup("many", many).message.split("\n");
  assert.equal(lines.length, 1 + 15 + 1);
  assert.equal(lines[15], "  15. Error: e15");
  assert.equal(lines[16], "  … and 2 more");
  assert.equal(
    new ExceptionGroup<unknown>("odd", ["oops", 42]).message,
    'odd (2 sub-exceptions)\n  1. "oops" (thrown, not an Error)\n  2. 42 (thrown, not an Error)',
  );
});

test("split and subgroup keep the base message and the nesting", () => {
  const inner = new ExceptionGroup("inner", [new HttpError(404), new TypeError("t")]);
  const group = new ExceptionGroup<Error>("outer", [new HttpError(500), inner]);
  const [http, rest] = group.split((e): e is HttpError => e instanceof HttpError);
  assert.ok(http !== null && rest !== null);
  assert.equal(http.message.split("\n")[0], "outer (2 sub-exceptions)");
  assert.deepEqual(
    http.exceptions.map((e) => (e instanceof ExceptionGroup ? e.exceptions.length : e.status)),
    [500, 1],
  );
  assert.equal(
    rest.message,
    "outer (1 sub-exception)\n  1. ExceptionGroup: inner (1 sub-exception)\n       1. TypeError: t",
  );
  assert.equal(
    group.subgroup((e) => e instanceof SyntaxError),
    null,
  );
  assert.equal(
    group.subgroup((e) => e === group),
    group,
  );
});

test("an uncaught group prints its children on stderr", async () => {
  const module = fileURLToPath(new URL("../../src/core/index.js", import.meta.url));
  const script = `const { ExceptionGroup } = await import(${JSON.stringify(module)});
    throw new ExceptionGroup("unhandled errors in a TaskGroup", [new RangeError("a"), new TypeError("b")]);`;
  const failed = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script])
    .then(() => null)
    .catch((error: { stderr: string }) => error);
  assert.ok(failed !== null, "the script should fail");
  assert.match(
    failed.stderr,
    /ExceptionGroup: unhandled errors in a TaskGroup \(2 sub-exceptions\)\n {2}1\. RangeError: a\n {2}2\. TypeError: b\n/,
  );
});

// Compile-time checks: this file building is the test.
function types() {
  const group = new ExceptionGroup("g", [new HttpError(1), new HttpError(2)]);
  expect<Equal<typeof group, ExceptionGroup<HttpError>>>();
  expect<Equal<typeof group.exceptions, readonly (HttpError | ExceptionGroup<HttpError>)[]>>();
  const mixed = new ExceptionGroup<Error>("m", [new HttpError(1), new TypeError("t")]);
  const [http, rest] = mixed.split((e): e is HttpError => e instanceof HttpError);
  expect<Equal<typeof http, ExceptionGroup<HttpError> | null>>();
  expect<Equal<typeof rest, ExceptionGroup<Error> | null>>();
  const sub = mixed.subgroup((e) => e instanceof TypeError);
  expect<Equal<typeof sub, ExceptionGroup<Error> | null>>();
  const narrowed = mixed.subgroup((e): e is HttpError => e instanceof HttpError);
  expect<Equal<typeof narrowed, ExceptionGroup<HttpError> | null>>();
  const first = narrowed?.exceptions[0];
  if (first !== undefined && !(first instanceof ExceptionGroup)) {
    expect<Equal<typeof first.status, number>>(); // no cast needed to read a child's fields
  }
}

test("the types (checked by the build)", () => {
  assert.equal(typeof types, "function");
});
