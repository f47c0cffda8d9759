import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { it } from "node:test";
import { fileURLToPath } from "node:url";
import { excerpt, heading, SPINDLE_ADDS, STOPS, simplyExplained } from "../../examples/tour.js";
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
const repository = fileURLToPath(new URL("../../../", import.meta.url)); // from dist/test/examples

/** Words only: the tour re-wraps text, so compare words, not lines. */
const words = (s: string) => s.split(/\s+/).filter(Boolean).join(" ");

/** Where `text` first occurs in `stdout` after `from`; fails the test if it does not. */
function after(stdout: string, from: number, text: string, what: string): number {
  const at = stdout.indexOf(text, from);
  assert.ok(at > from, `missing or out of order: ${what}`);
  return at;
}

it("the stops follow the talk's items (1, 2, 4, 5/10, 6, 7, 8, 9, 11, 12), then what spindle adds", () => {
  const items = STOPS.map((stop) => stop.talk).filter((talk, i, all) => talk !== all[i - 1]);
  assert.deepEqual(items, ["1", "2", "4", "5, 10", "6", "7", "8", "9", "11", "12", SPINDLE_ADDS]);
});

it("each stop shows its heading, its explanation, its key lines, then the example's output", async () => {
  const { stdout } = await tour;
  let last = -1;
  for (const stop of STOPS) {
    const at = after(stdout, last, `${heading(stop)}\n`, heading(stop));
    const explanation = await simplyExplained(stop.example);
    assert.match(explanation, /^Simply explained: \S/);
    const next = stdout.indexOf("\n━━", at + 1);
    const section = stdout.slice(at, next < 0 ? undefined : next);
    assert.ok(words(section).includes(words(explanation)), `no explanation for ${stop.example}`);
    // The excerpt: every marked line, in order, before the command that runs the example.
    const regions = await excerpt(stop.example);
    const lines = regions.flat();
    assert.ok(
      lines.length <= 24,
      `examples/${stop.example}.ts: ${lines.length} lines; keep it short`,
    );
    let cursor = after(section, 0, `examples/${stop.example}.ts:\n`, `${stop.example}'s excerpt`);
    for (const line of lines.filter((l) => l.trim() !== "")) {
      cursor = after(section, cursor, `      ${line}\n`, `${stop.example}: ${line}`);
    }
    after(
      section,
      cursor,
      `  $ node dist/examples/${stop.example}.js\n  │ `,
      `${stop.example}'s output`,
    );
    last = at;
  }
});

it("what spindle adds is introduced by its own heading, after the talk's stops", async () => {
  const { stdout } = await tour;
  const talk = STOPS.filter((stop) => stop.talk !== SPINDLE_ADDS);
  const adds = STOPS.filter((stop) => stop.talk === SPINDLE_ADDS);
  assert.ok(adds.length > 0);
  const banner = stdout.indexOf("━━━━ What spindle adds ━━━━\n");
  assert.ok(banner > stdout.indexOf(heading(talk[talk.length - 1]!)));
  assert.ok(banner < stdout.indexOf(heading(adds[0]!)));
});

it("the tour's closing and the README list every doc page", async () => {
  const { stdout } = await tour;
  const readme = await readFile(`${repository}README.md`, "utf8");
  const closing = stdout.slice(stdout.indexOf("━━━━ Read on ━━━━"));
  const pages = (await readdir(`${repository}docs`)).filter((f) => f.endsWith(".md"));
  assert.ok(pages.length >= 9);
  for (const page of pages) {
    assert.match(closing, new RegExp(`^ {2}docs/${page} `, "m"), `the tour's closing: ${page}`);
    assert.ok(readme.includes(`(docs/${page})`), `README.md does not link docs/${page}`);
  }
});

it("the tour runs every example successfully", async () => {
  const { stdout, ok } = await tour;
  assert.ok(!stdout.includes("✗"), stdout);
  assert.ok(ok);
});
