/**
 * asyncio streams over TCP: `openConnection`, `startServer`, `StreamReader`, `StreamWriter`.
 * Data read is a `Buffer`; `write` takes a Buffer or a string.
 * @module
 */
export { type OpenConnectionOptions, openConnection } from "./connection.js";
export { DEFAULT_LIMIT, StreamReader, type StreamReaderStatistics } from "./reader.js";
export {
  type ClientConnected,
  Server,
  type ServerSocket,
  type ServerStatistics,
  type StartServerOptions,
  startServer,
} from "./server.js";
export { StreamWriter, type StreamWriterStatistics } from "./writer.js";
