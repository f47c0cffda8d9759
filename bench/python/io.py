"""Python peers of the io suite (bench/io/*.ts).

    python3 io.py <case> '<plan JSON>'      plan = {"params": {...}, "warmup": n, "reps": n}

echo: asyncio streams on both sides (server and client), 127.0.0.1.
http: Tornado's AsyncHTTPClient (Debian: apt-get install python3-tornado) against a Tornado
server in this process; reported as skipped when tornado is missing.
"""

import asyncio
import time

from kernel import serve

try:
    import tornado.httpclient
    import tornado.httpserver
    import tornado.netutil
    import tornado.web
except ImportError:
    tornado = None

LINE = b"x" * 63 + b"\n"
PAGE = b"<html><body>hello from the bench server</body></html>"


def echo(params):
    connections, trips = params["connections"], params["trips"]

    async def handle(reader, writer):
        while True:
            line = await reader.readline()
            if not line:
                break
            writer.write(line)
            await writer.drain()
        writer.close()

    async def one_client(port):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        n = 0
        for _ in range(trips):
            writer.write(LINE)
            await reader.readexactly(len(LINE))
            n += 1
        writer.close()
        await writer.wait_closed()
        return n

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
        port = server.sockets[0].getsockname()[1]
        t0 = time.perf_counter()
        counts = await asyncio.gather(*(one_client(port) for _ in range(connections)))
        seconds = time.perf_counter() - t0
        server.close()
        await server.wait_closed()
        echoed = sum(counts)
        return {"roundTripsPerSec": echoed / seconds, "echoed": echoed}

    return lambda: asyncio.run(main())


def http(params):
    requests, concurrency = params["requests"], params["concurrency"]
    if tornado is None:
        raise SystemExit("SKIP: python3-tornado is not installed")

    class Page(tornado.web.RequestHandler):
        def get(self):
            self.set_header("Content-Type", "text/html")
            self.write(PAGE)

    async def main():
        app = tornado.web.Application([(r"/", Page)])
        server = tornado.httpserver.HTTPServer(app)
        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
        server.add_sockets(sockets)
        port = sockets[0].getsockname()[1]
        client = tornado.httpclient.AsyncHTTPClient(force_instance=True, max_clients=concurrency)
        url = "http://127.0.0.1:%d/" % port
        t0 = time.perf_counter()
        responses = await asyncio.gather(*(client.fetch(url) for _ in range(requests)))
        seconds = time.perf_counter() - t0
        client.close()
        server.stop()
        return {"requestsPerSec": requests / seconds, "bytes": sum(len(r.body) for r in responses)}

    return lambda: asyncio.run(main())


CASES = {"echo": echo, "http": http}

if __name__ == "__main__":
    serve(CASES)
