import assert from "node:assert/strict";
import { it } from "node:test";
import { heading, STOPS, simplyExplained } from "../../examples/tour.js";
import { runExample } from "../support/example.js";

/** The tour's stdout, and whether it exited cleanly (it exits 1 when an example fails). */
async function runTour(): Promise<{ stdout: string; ok: boolean }> {
  try {
    return { stdout: (await runExample("tour")).stdout, ok: true };
  } catch (error) {
    const { stdout } = error as { stdout?: unknown };
    if (typeof stdout !== "string") throw error;
    return { stdout, ok: false };
  }
}

const tour = runTour();

/** Words only: the tour re-wraps text, so compare words, not lines. */
const words = (s: string) => s.split(/\s+/).filter(Boolean).join(" ");

it("the tour (npm start) shows every stop's heading and explanation, in order", async () => {
  const { stdout } = await tour;
  assert.ok(STOPS.length >= 4);
  let last = -1;
  for (const stop of STOPS) {
    const at = stdout.indexOf(`${heading(stop)}\n`);
    assert.ok(at > last, `missing or out of order: ${heading(stop)}`);
    last = at;
    const explanation = await simplyExplained(stop.example);
    assert.match(explanation, /^Simply explained: \S/);
    assert.ok(words(stdout).includes(words(explanation)), `no explanation for ${stop.example}`);
  }
  assert.ok(stdout.indexOf("━━ What spindle adds ━━") > last);
});

it("the tour runs every example successfully", async () => {
  const { stdout, ok } = await tour;
  assert.ok(!stdout.includes("✗"), stdout);
  assert.ok(ok);
});
