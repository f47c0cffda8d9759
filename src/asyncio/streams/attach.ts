import type { Socket } from "node:net";
import type { Loop } from "../../core/index.js";
import { StreamReader } from "./reader.js";
import { StreamWriter, type WriterOwner } from "./writer.js";

/**
 * Wires a connected socket to a new reader and writer (asyncio's StreamReaderProtocol): bytes and
 * EOF go to the reader, 'drain' and 'close' to the writer, an error to both. The socket stays
 * half-open after the peer's EOF (as in asyncio), so a reply can still be written: close it with
 * `writer.close()`. `owner` answers for the connection until the writer starts closing.
 * @internal
 * @example
 * const [reader, writer] = attach(socket, loop, DEFAULT_LIMIT, server);
 */
export function attach(
  socket: Socket,
  loop: Loop,
  limit: number,
  owner: WriterOwner,
): [StreamReader, StreamWriter] {
  const peer = `${socket.remoteAddress}:${socket.remotePort}`;
  const reader = new StreamReader({ limit, loop, name: `StreamReader for ${peer}` });
  const writer = new StreamWriter(socket, loop, reader, peer, owner);
  reader.setSource(socket);
  socket.on("data", (chunk: Buffer) => reader.feedData(chunk));
  socket.on("end", () => reader.feedEof());
  socket.on("drain", () => writer.drained());
  socket.on("error", (error: Error) => {
    reader.setException(error);
    writer.failed(error);
  });
  socket.on("close", () => {
    if (!reader.statistics().eof) reader.feedEof();
    writer.closedNow();
  });
  return [reader, writer];
}
