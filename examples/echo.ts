// Simply explained: this is why asynchronous programming exists. A program that talks over the
// network spends most of its time waiting for bytes; here one event loop runs a server and a
// client at once, and each of them steps aside while it waits, so neither blocks the other.

// An echo server and its client over asyncio streams (TCP on 127.0.0.1): the server answers each
// line in upper case; the client sends three lines, reads the answers, then says goodbye by
// closing its side. Both sides are generator tasks on one loop; `yield*` waits for the network.
import { openConnection, run, type StreamReader, type StreamWriter, startServer } from "spindle";

/** One connection: echo each line until the client closes its side. */
function* handleClient(reader: StreamReader, writer: StreamWriter) {
  console.log("server: a client connected");
  for (;;) {
    // tour:begin
    const line = yield* reader.readline(); // a Buffer with its "\n"; empty at EOF
    if (line.length === 0) break;
    console.log(`server: got ${JSON.stringify(line.toString())}`);
    writer.write(line.toString().toUpperCase());
    yield* writer.drain(); // back-pressure: waits only if the client reads slower than we write
    // tour:end
  }
  console.log("server: the client left; closing");
  writer.close();
  yield* writer.waitClosed();
}

function* main() {
  // tour:begin
  const server = yield* startServer(handleClient, "127.0.0.1", 0); // port 0: any free port
  const [reader, writer] = yield* openConnection("127.0.0.1", server.port);
  // tour:end
  for (const message of ["hello", "event loop", "goodbye"]) {
    writer.write(`${message}\n`);
    const answer = yield* reader.readline();
    console.log(
      `client: sent ${JSON.stringify(message)}, got ${JSON.stringify(answer.toString())}`,
    );
  }
  writer.close();
  yield* writer.waitClosed();
  server.close();
  yield* server.waitClosed(); // waits for the handler's connection to close too
  console.log("client: done; the server is closed");
}

await run(main);
