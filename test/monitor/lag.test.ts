// Loop lag in snapshots: how late Node's event loop ran, measured while the monitor watches.
import assert from "node:assert/strict";
import { it } from "node:test";
import { run, sleep } from "../../src/asyncio/index.js";
import { type Snapshot, snapshot, watch } from "../../src/monitor/index.js";

it("a loop blocked for 150 ms shows a lag of about that much; an idle one shows almost none", async () => {
  const [quiet, blocked] = (await run(function* main() {
    const watching = watch();
    snapshot(); // starts a fresh measuring window
    yield* sleep(0.3); // real time: lag is about real time
    const quiet = snapshot();
    const until = performance.now() + 150;
    while (performance.now() < until); // the loop is blocked
    yield* sleep(0.05);
    const blocked = snapshot();
    watching.stop();
    return [quiet, blocked];
  })) as [Snapshot, Snapshot];
  assert.ok(quiet.loop.lag !== null && blocked.loop.lag !== null);
  assert.ok(quiet.loop.lag.p50 < 0.01, `idle p50 ${quiet.loop.lag.p50}`);
  assert.ok(blocked.loop.lag.max >= 0.12, `blocked max ${blocked.loop.lag.max}`);
  assert.ok(blocked.loop.lag.max < 1, `blocked max ${blocked.loop.lag.max}`);
});
