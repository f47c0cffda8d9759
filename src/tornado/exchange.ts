import http, { type Agent, type ClientRequest, type IncomingMessage } from "node:http";
import https from "node:https";
import type { Loop, TimerHandle } from "../core/index.js";
import type { HTTPRequest } from "./request.js";
import {
  HTTPClientError,
  HTTPResponse,
  HTTPStreamClosedError,
  HTTPTimeoutError,
} from "./response.js";

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The keep-alive agents of one client, per scheme. @internal */
export interface Agents {
  http: Agent;
  https: Agent;
}

/**
 * Performs one request over node:http(s), following redirects, and calls `done` exactly once with
 * the response — failures included (code 599 when no response arrived). Returns an abort function.
 *
 * Invariant: when `done` runs, nothing of this exchange is left: its timers are cancelled and its
 * request either finished (its socket back in the agent's keep-alive pool) or was destroyed.
 * @internal
 * @example
 * const abort = exchange(loop, request, agents, (response) => future.setResult(response));
 */
export function exchange(
  loop: Loop,
  request: HTTPRequest,
  agents: Agents,
  done: (response: HTTPResponse) => void,
): (reason: string) => void {
  const start = loop.time();
  let method = request.method;
  let body = request.body;
  let url = new URL(request.url);
  let redirects = 0;
  let current: ClientRequest | null = null;
  let connectTimer: TimerHandle | null = null;
  let finished = false;

  const finish = (response: HTTPResponse | null, error: HTTPClientError | null) => {
    if (finished) return;
    finished = true;
    requestTimer.cancel();
    connectTimer?.cancel();
    if (error !== null) current?.destroy();
    done(
      response ??
        new HTTPResponse({
          request,
          code: 599,
          reason: error?.message.replace(/^HTTP 599: /, "") ?? "Unknown error",
          error,
          effectiveUrl: url.href,
          requestTime: loop.time() - start,
        }),
    );
  };
  const fail = (error: HTTPClientError) => finish(null, error);

  const requestTimer = loop.callLater(request.requestTimeout, () =>
    fail(
      new HTTPTimeoutError(
        `Timeout during request: no complete response within requestTimeout (${request.requestTimeout} s); raise it if the server is slow`,
      ),
    ),
  );

  const send = () => {
    const https_ = url.protocol === "https:";
    const headers = { "user-agent": request.userAgent, ...request.headers };
    const req = (https_ ? https : http).request(url, {
      method,
      headers,
      agent: https_ ? agents.https : agents.http,
    });
    current = req;
    req.on("socket", (socket) => {
      if (!socket.connecting) return; // a kept-alive socket, connected already
      connectTimer = loop.callLater(request.connectTimeout, () =>
        fail(
          new HTTPTimeoutError(
            `Timeout while connecting: no connection to ${url.host} within connectTimeout (${request.connectTimeout} s)`,
          ),
        ),
      );
      socket.once("connect", () => {
        connectTimer?.cancel();
        connectTimer = null;
      });
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (finished) return;
      fail(new HTTPClientError(599, `${error.message}${hint(error.code)}`, null, error));
    });
    req.on("response", (res) => receive(req, res));
    req.end(body);
  };

  const receive = (req: ClientRequest, res: IncomingMessage) => {
    if (finished) {
      res.resume();
      return;
    }
    const code = res.statusCode ?? 599;
    const location = res.headers.location;
    if (
      request.followRedirects &&
      REDIRECTS.has(code) &&
      location &&
      redirects < request.maxRedirects
    ) {
      res.resume(); // read the rest so the socket can go back to the pool
      redirects++;
      url = new URL(location, url);
      if (code === 303 || ((code === 301 || code === 302) && method === "POST")) {
        method = "GET";
        body = undefined;
      }
      send();
      return;
    }
    const declared = Number(res.headers["content-length"]);
    if (declared > request.maxBodySize) {
      res.destroy();
      fail(tooLarge(declared, request.maxBodySize));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > request.maxBodySize) {
        res.destroy();
        fail(tooLarge(size, request.maxBodySize));
        return;
      }
      chunks.push(chunk);
    });
    res.on("end", () => {
      finish(
        new HTTPResponse({
          request,
          code,
          reason: res.statusMessage ?? "",
          headers: res.headers,
          body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
          effectiveUrl: url.href,
          requestTime: loop.time() - start,
        }),
        null,
      );
    });
    const closedEarly = (error?: Error) => {
      if (finished || res.complete) return;
      fail(
        new HTTPStreamClosedError(
          `Stream closed: the server closed the connection after ${size} bytes of the body, before the end`,
          error,
        ),
      );
    };
    res.on("error", closedEarly);
    res.on("close", () => closedEarly());
    void req;
  };

  send();
  return (reason: string) => fail(new HTTPClientError(599, reason));
}

function tooLarge(size: number, max: number): HTTPClientError {
  return new HTTPClientError(
    599,
    `Body too large: ${size} bytes is more than maxBodySize (${max}); raise maxBodySize to accept it`,
  );
}

function hint(code: string | undefined): string {
  switch (code) {
    case "ECONNREFUSED":
      return " (nothing listens there: is the server running?)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return " (the host name could not be resolved: check the URL)";
    case "ECONNRESET":
      return " (the server closed the connection)";
    default:
      return "";
  }
}
