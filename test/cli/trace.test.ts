// `spindle trace -o file -- node app.js`: a whole run recorded, written at exit, well-formed.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import type { ChromeTrace } from "../../src/monitor/index.js";
import { checkChromeTrace } from "../monitor/trace-format.js";
import { busyApp, spindle } from "./monitor-cli.js";

it("spindle trace writes a well-formed Chrome trace of the whole run, and an HTML page", async () => {
  const dir = await mkdtemp(join(tmpdir(), "spindle-trace-"));
  try {
    const json = join(dir, "run.json");
    const ran = await spindle(["trace", "-o", json, "--", process.execPath, busyApp, "0.3"]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /busy-app started\nbusy-app done/); // the program's own output
    assert.match(ran.stderr, /spindle trace: wrote \S+run\.json \(\d+ bytes\); open it in https:\/\/ui\.perfetto\.dev/); // biome-ignore format: one line
    const trace = JSON.parse(await readFile(json, "utf8")) as ChromeTrace;
    assert.deepEqual(checkChromeTrace(trace), []);
    const lanes = trace.traceEvents.filter((e) => e.name === "thread_name").map((e) => e.args?.name); // biome-ignore format: one line
    assert.deepEqual(lanes, ["loop", "main", "holder", "waiter-1", "waiter-2", "ticker"]);
    assert.ok(trace.traceEvents.some((e) => e.ph === "b" && e.name === "Lock 'db'"));
    const html = join(dir, "run.html");
    const page = await spindle(["trace", "-o", html, "--capacity", "5000", "--", process.execPath, busyApp, "0.2"]); // biome-ignore format: one line
    assert.equal(page.code, 0, page.stderr);
    assert.match(await readFile(html, "utf8"), /^<!doctype html>[\s\S]*spindle timeline/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it("spindle trace: bad input and a program that is not spindle's", async () => {
  const noOutput = await spindle(["trace", "--", process.execPath, "-e", "0"]);
  assert.equal(noOutput.code, 2);
  assert.match(noOutput.stderr, /spindle trace: -o <file> is required/);
  const badExt = await spindle(["trace", "-o", "run.txt", "--", process.execPath, "-e", "0"]);
  assert.equal(badExt.code, 2);
  assert.match(badExt.stderr, /-o run\.txt: the extension says the format: \.json or \.html/);
  const dir = await mkdtemp(join(tmpdir(), "spindle-trace-"));
  try {
    const plain = await spindle(["trace", "-o", join(dir, "x.json"), "--", process.execPath, "-e", "1"]); // biome-ignore format: one line
    // Plain Node code creates no loop, yet the recorder still writes an (empty) trace at exit.
    assert.equal(plain.code, 0, plain.stderr);
    const trace = JSON.parse(await readFile(join(dir, "x.json"), "utf8")) as ChromeTrace;
    assert.deepEqual(checkChromeTrace(trace), []);
    const bad = await spindle(["trace", "-o", join(dir, "y.json"), "--capacity", "0", "--", process.execPath, "-e", "1"]); // biome-ignore format: one line
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--capacity must be >= 1/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
