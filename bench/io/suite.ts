// The io suite: real sockets on 127.0.0.1 — TCP echo over streams, HTTP GETs with the Tornado
// client, a server holding 10k idle connections. Bounded: a fixed number of round trips, requests
// and connections, three repetitions each.
import type { Suite } from "../lib/suite.js";
import { io2, io3 } from "./http-get.js";
import { io4 } from "./idle.js";
import { io1 } from "./tcp-echo.js";

export const suite: Suite = {
  name: "io",
  title: "I/O on the loop — streams and the HTTP client against node:net, undici and Python",
  workloads: [io1, io2, io3, io4],
};
