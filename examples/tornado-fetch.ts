// Simply explained: instead of waiting for a web page to arrive, you ask for it and leave a
// phone number: a function to call when the answer comes. Meanwhile the program asks for the
// other pages too, and the event loop calls each function as its answer arrives, fastest first.
// A page that fails arrives the same way, as an error inside the answer.

// The talk's callback example (item 6): Tornado's AsyncHTTPClient fetches three URLs; fetch()
// returns at once and calls handleResponse later, inside the event loop, as each response arrives.
//
// No internet here, so the example serves the three pages itself from a local HTTP server on
// 127.0.0.1 (a plain node:http server, outside spindle). Each page answers after a different delay
// and one of them does not exist: the output comes in completion order, not request order, and the
// failure arrives as `response.error` — the callback style never throws.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { AsyncHTTPClient, type HTTPResponse, IOLoop } from "spindle/tornado";

/** path -> [delay in ms, status, body] */
const pages: Record<string, [number, number, string]> = {
  "/google": [120, 200, "<html>Google, local copy</html>"],
  "/yandex": [60, 404, "no such page"],
  "/python": [0, 200, "<html>python.org, local copy</html>"],
};

const server = createServer((req, res) => {
  const [delay, status, body] = pages[req.url ?? ""] ?? [0, 404, "no such page"];
  setTimeout(() => {
    res.writeHead(status, { "content-type": "text/html" });
    res.end(body);
  }, delay);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address() as AddressInfo;

const urls = ["google", "yandex", "python"].map((p) => `http://127.0.0.1:${port}/${p}`);
let pending = urls.length;

function handleResponse(response: HTTPResponse): void {
  // tour:begin
  if (response.error) {
    console.log(`Error: ${response.error.message}`);
  } else {
    const url = response.request.url;
    const data = response.body;
    console.log(`${url}: ${data.length} bytes: ${data.toString()}`);
  }
  // tour:end
  // Unlike the talk's version, stop the loop when all three are in: an event loop nobody stops
  // runs forever.
  if (--pending === 0) IOLoop.instance().stop();
}

// tour:begin
const httpClient = new AsyncHTTPClient();
for (const url of urls) {
  httpClient.fetch(url, handleResponse);
}
console.log("all three requests sent; starting the IOLoop");

await IOLoop.instance().start();
// tour:end
console.log("IOLoop stopped");
httpClient.close();
server.close();
