import assert from "node:assert/strict";
import { test } from "node:test";
import {
  openConnection,
  type StreamReader,
  type StreamWriter,
  sleep,
  startServer,
} from "../../../src/asyncio/index.js";
import { runIo } from "./support.js";

const CONNECTIONS = 500;

test("streams: a server holds 500 idle connections; close() + closeClients() ends every handler and socket", async () => {
  await runIo(function* () {
    let parked = 0;
    let ended = 0;
    const server = yield* startServer(
      function* (reader, writer) {
        parked++;
        try {
          const line = yield* reader.readline(); // idle: nothing is ever sent
          assert.equal(line.length, 0, "the handler wakes at EOF only");
        } finally {
          parked--;
          ended++;
        }
        writer.close();
      },
      "127.0.0.1",
      0,
      { backlog: 1024 },
    );
    const clients: [StreamReader, StreamWriter][] = [];
    for (let i = 0; i < CONNECTIONS; i++) {
      clients.push(yield* openConnection("127.0.0.1", server.port));
    }
    for (let i = 0; i < 400 && parked < CONNECTIONS; i++) yield* sleep(0.005);
    assert.equal(parked, CONNECTIONS, "every handler waits in readline()");
    assert.deepEqual(server.statistics(), {
      serving: true,
      connections: CONNECTIONS,
      accepted: CONNECTIONS,
      handlers: CONNECTIONS,
    });

    server.close();
    server.closeClients();
    yield* server.waitClosed();
    for (let i = 0; i < 100 && ended < CONNECTIONS; i++) yield* sleep(0.005);
    assert.equal(ended, CONNECTIONS, "every handler task ended");
    assert.deepEqual(server.statistics(), {
      serving: false,
      connections: 0,
      accepted: CONNECTIONS,
      handlers: 0,
    });

    for (const [reader, writer] of clients) {
      assert.equal((yield* reader.read()).length, 0, "the client sees EOF");
      writer.close();
      yield* writer.waitClosed();
    }
  });
});
