// The HTML timeline in a real browser: Debian's headless Chromium, driven by playwright-core.
// One lane per task in the DOM, hover shows labels, no console errors, no network request.
import assert from "node:assert/strict";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import { pathToFileURL } from "node:url";
import { createTask, Lock, sleep } from "../../src/asyncio/index.js";
import { newEventLoop, VirtualClock } from "../../src/core/index.js";
import { record, type Trace } from "../../src/monitor/index.js";
import { skipWithout } from "../support/tools.js";

const CHROMIUM = "/usr/bin/chromium";
const skip = skipWithout(CHROMIUM, "apt-get install chromium");

/** Workers taking turns on a lock, recorded. */
async function lockTrace(): Promise<Trace> {
  const loop = newEventLoop({ clock: new VirtualClock() });
  try {
    const recording = record({ capacity: 10_000, loop });
    await loop.runUntilComplete(
      (function* () {
        const db = new Lock({ name: "db" });
        const workers = [1, 2, 3, 4].map((n) =>
          createTask(
            function* () {
              for (let round = 0; round < 3; round++) {
                yield* db.acquire();
                try {
                  const until = performance.now() + 1; // a visible step
                  while (performance.now() < until);
                  yield* sleep(0.01);
                } finally {
                  db.release();
                }
              }
            },
            { name: `worker <${n}>` }, // names are text, never markup
          ),
        );
        for (const w of workers) yield* w;
      })(),
    );
    return recording.stop();
  } finally {
    loop.close();
  }
}

it("the HTML timeline opens in Chromium: one lane per task, hover labels, no errors, no requests", {
  skip,
}, async () => {
  const { chromium } = await import("playwright-core");
  const dir = await mkdtemp(join(tmpdir(), "spindle-timeline-"));
  const trace = await lockTrace();
  const page_ = join(dir, "timeline.html");
  await writeFile(page_, trace.toHTML());
  const context = await chromium.launchPersistentContext(join(dir, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 360 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"], // biome-ignore format: one list
  });
  try {
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    const url = pathToFileURL(page_).href;
    await page.goto(url);
    await page.waitForSelector(".lane");
    const lanes = await page.$$eval(".lane", (rows) =>
      rows.map((row) => [row.getAttribute("data-task"), row.querySelector(".label")?.textContent]),
    );
    assert.deepEqual(
      lanes,
      trace.lanes.map((l) => [String(l.task), l.name]),
    );
    assert.deepEqual(
      lanes.map(([, name]) => name),
      ["Task-1", "worker <1>", "worker <2>", "worker <3>", "worker <4>"],
    );
    // Hover over a worker's first step: the tooltip names the task and the step.
    const lane = trace.lanes.find((l) => l.name === "worker <2>")!;
    const step = trace.events.find((e) => e.kind === "step" && e.task === lane.task && e.duration >= 0.5)!; // biome-ignore format: one line
    const canvas = page.locator(`.lane[data-task="${lane.task}"] canvas`);
    const box = (await canvas.boundingBox())!;
    const x = box.x + ((step.at + step.duration / 2) / trace.span) * box.width;
    await page.mouse.move(x, box.y + box.height / 2);
    const tip = await page.locator("#tip").textContent();
    assert.match(tip ?? "", /^worker <2>: step [\d.]+ ms at [\d.]+ ms/);
    await page.click("#zoom-in");
    await page.click("#zoom-reset");
    const shot = join(dir, "timeline.png");
    await page.screenshot({ path: shot });
    assert.ok((await stat(shot)).size > 5_000);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [url]); // the page itself, nothing else
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
});
