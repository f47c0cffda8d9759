// A real local HTTP server for the client tests, with routes that misbehave on purpose.
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface TestServer {
  base: string;
  connections: () => number;
  /** Connections open now, server side. */
  openSockets: () => number;
  close: () => Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    switch (url.pathname) {
      case "/ok":
        res.end("hello");
        return;
      case "/slow":
        setTimeout(() => res.end("late"), Number(url.searchParams.get("ms") ?? 200));
        return;
      case "/big":
        res.end(Buffer.alloc(5000, 97));
        return;
      case "/chunked-big":
        for (let i = 0; i < 10; i++) res.write(Buffer.alloc(1000, 98));
        res.end();
        return;
      case "/cut":
        res.writeHead(200, { "content-length": "1000" });
        res.write("only a part");
        setTimeout(() => req.socket.destroy(), 10);
        return;
      case "/redirect":
        res.writeHead(302, { location: "/ok" });
        res.end();
        return;
      case "/loop":
        res.writeHead(302, { location: "/loop" });
        res.end();
        return;
      case "/echo-method":
        res.end(req.method);
        return;
      default:
        res.writeHead(404);
        res.end("missing");
    }
  });
  server.on("connection", (s: Socket) => {
    connections++;
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    connections: () => connections,
    openSockets: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
