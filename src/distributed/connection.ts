// Where Redis is, as users say it (`redis://HOST:PORT` or `{ host, port }`), turned into the
// connection options BullMQ passes to ioredis — with a retry strategy that gives up once Redis has
// been unreachable for `connectTimeout` seconds, so nothing keeps retrying in the background.
import { describeValue } from "../core/internal.js";
import { RedisConnectionError } from "./errors.js";

/**
 * Where Redis is: a `redis://[user:password@]host:port[/db]` URL, or its parts.
 * @example
 * new QueueExecutor({ queue: "jobs", connection: "redis://127.0.0.1:6379" });
 * new QueueExecutor({ queue: "jobs", connection: { host: "10.0.0.5", port: 6379, db: 2 } });
 */
export type Connection =
  | string
  | {
      readonly host?: string;
      readonly port?: number;
      readonly username?: string;
      readonly password?: string;
      readonly db?: number;
    };

/** A checked connection. @internal */
export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly db: number;
}

/** Parses and checks a {@link Connection}; a TypeError or RangeError names what is wrong. @internal */
export function parseConnection(connection: unknown, where: string): RedisTarget {
  if (typeof connection === "string") {
    let url: URL;
    try {
      url = new URL(connection);
    } catch {
      throw new TypeError(
        `${where}: connection ${JSON.stringify(connection)} is not a URL; write redis://HOST:PORT (for example redis://127.0.0.1:6379)`,
      );
    }
    if (url.protocol !== "redis:") {
      throw new TypeError(
        `${where}: connection ${JSON.stringify(connection)} must start with redis:// (TLS and sockets are not supported yet)`,
      );
    }
    const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
    return check(
      {
        host: url.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1",
        port: url.port === "" ? 6379 : Number(url.port),
        username: url.username === "" ? undefined : decodeURIComponent(url.username),
        password: url.password === "" ? undefined : decodeURIComponent(url.password),
        db,
      },
      where,
    );
  }
  if (connection !== null && typeof connection === "object") {
    const c = connection as Exclude<Connection, string>;
    return check(
      {
        host: c.host ?? "127.0.0.1",
        port: c.port ?? 6379,
        username: c.username,
        password: c.password,
        db: c.db ?? 0,
      },
      where,
    );
  }
  throw new TypeError(
    `${where}: connection must be a redis://HOST:PORT URL or { host, port }, got ${describeValue(connection)}`,
  );
}

function check(target: RedisTarget, where: string): RedisTarget {
  if (typeof target.host !== "string" || target.host === "") {
    throw new TypeError(`${where}: connection host must be a non-empty string`);
  }
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) {
    throw new RangeError(
      `${where}: connection port must be a whole number from 1 to 65535, got ${String(target.port)}`,
    );
  }
  if (!Number.isInteger(target.db) || target.db < 0) {
    throw new RangeError(
      `${where}: connection db must be a whole number >= 0, got ${String(target.db)}`,
    );
  }
  return target;
}

/** `host:port`, for messages. @internal */
export function address(target: RedisTarget): string {
  return target.host.includes(":")
    ? `[${target.host}]:${target.port}`
    : `${target.host}:${target.port}`;
}

/** ioredis options for one BullMQ connection, and where to report its errors. @internal */
export interface RedisOptions {
  readonly options: Record<string, unknown>;
  /** Hands the connection's error events in, so the give-up message can say why it failed. */
  noteError(error: unknown): void;
}

/**
 * ioredis options for BullMQ: reconnect quickly while Redis has been down for less than
 * `timeout` seconds, then give up (the connection ends and every waiting command fails), telling
 * `onGiveUp`. ioredis restarts `times` at 1 after each successful connection, so an outage is
 * measured from its own first retry. @internal
 */
export function redisOptions(
  target: RedisTarget,
  timeout: number,
  onGiveUp: (error: RedisConnectionError) => void,
): RedisOptions {
  let downSince = 0;
  let lastError = "";
  const options = {
    host: target.host,
    port: target.port,
    ...(target.username === undefined ? {} : { username: target.username }),
    ...(target.password === undefined ? {} : { password: target.password }),
    db: target.db,
    connectTimeout: Math.max(1, Math.round(timeout * 1000)),
    maxRetriesPerRequest: null,
    retryStrategy(times: number): number | null {
      const now = Date.now();
      if (times === 1) downSince = now;
      if (now - downSince >= timeout * 1000) {
        onGiveUp(unreachable(target, timeout, lastError));
        return null;
      }
      return Math.min(50 * times, 500);
    },
  };
  return {
    options,
    noteError(error) {
      const e = error as { code?: string; message?: string } | null;
      lastError = e?.code ?? e?.message ?? String(error);
    },
  };
}

/** The error for a Redis that could not be reached. @internal */
export function unreachable(
  target: RedisTarget,
  timeout: number,
  why: string,
): RedisConnectionError {
  return new RedisConnectionError(
    `could not reach Redis at ${address(target)} within ${timeout} s${why === "" ? "" : ` (${why})`}; start redis-server there (or pass the right connection), or raise connectTimeout`,
  );
}
