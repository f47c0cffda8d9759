// What is open when run() ends (issue 12): fetches in flight are aborted with the loop, and the
// process exits on its own. Each case runs as its own process, as a user's script would.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, test } from "node:test";
import { fileURLToPath } from "node:url";
import { describeExit, runChild } from "../support/child.js";

const script = fileURLToPath(new URL("./fixtures/open-fetch.js", import.meta.url));

/** A server that answers after two seconds, and counts requests answered and abandoned. */
let server: Server;
let base = "";
const seen = { requests: 0, answered: 0, abandoned: 0 };
before(async () => {
  server = createServer((_req, res) => {
    seen.requests++;
    const timer = setTimeout(() => res.end("late"), 2000);
    res.on("close", () => {
      clearTimeout(timer);
      if (res.writableFinished) seen.answered++;
      else seen.abandoned++;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
beforeEach(() => {
  Object.assign(seen, { requests: 0, answered: 0, abandoned: 0 });
});
after(() => {
  server.closeAllConnections();
  server.close();
});

async function settled(): Promise<void> {
  for (let i = 0; i < 100 && seen.answered + seen.abandoned < seen.requests; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test("fetches in flight or queued when run() returns are aborted; the process exits cleanly", async () => {
  const exit = await runChild(script, [base]);
  assert.equal(exit.code, 0, describeExit(exit));
  assert.equal(exit.stdout, "run() returned\n", describeExit(exit));
  assert.equal(exit.stderr, "", describeExit(exit));
  await settled();
  // The request on the wire was abandoned, not waited for; the queued one never started.
  assert.deepEqual(seen, { requests: 1, answered: 0, abandoned: 1 });
});

test("in debug mode each fetch left open is reported", async () => {
  const exit = await runChild(script, [base, "debug"]);
  assert.equal(exit.code, 0, describeExit(exit));
  const url = `${base}/slow`;
  const warning = (what: string) =>
    `spindle debug: ${what} was still open when the loop closed; spindle closed it. Close it yourself before run() returns (close(), or a \`finally\` block).`;
  assert.deepEqual(exit.stderr.trimEnd().split("\n"), [
    warning(`AsyncHTTPClient.fetch(GET ${url}), waiting in the client's queue`),
    warning(`AsyncHTTPClient.fetch(GET ${url}), in flight`),
  ]);
  await settled();
  assert.deepEqual(seen, { requests: 1, answered: 0, abandoned: 1 });
});
