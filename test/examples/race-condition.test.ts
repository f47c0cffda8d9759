import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/race-condition loses money without the lock and balances the books with it", async () => {
  const { stdout, stderr } = await runExample("race-condition");
  assert.equal(stdout, await golden("race-condition"));
  // Debug mode watches the shared() balance: one warning per lost withdrawal, none with the lock.
  const warnings = stderr.trimEnd().split("\n");
  assert.equal(warnings.length, 4, stderr);
  warnings.forEach((line, i) => {
    const [reader, writer] = [`ATM-${i + 2}`, `ATM-${i + 1}`];
    assert.equal(
      line,
      `spindle debug: lost update on shared 'balance': ${reader} read 100 (pass 2), then ${writer} wrote 70 (pass 3), then ${reader} wrote 70 (pass 3) from its stale read, erasing ${writer}'s write; hold a Lock from the read to the write`,
    );
  });
});
