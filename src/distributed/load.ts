// BullMQ and ioredis are optional peer dependencies of spindle: only spindle/distributed needs
// them, and it loads them on first use, so that `import "spindle/distributed"` (and everything
// else in spindle) works without them, and using it without them says what to install.
import { createRequire } from "node:module";

type BullMQ = typeof import("bullmq");
/** What spindle uses of ioredis (its ESM namespace carries more). */
type IORedis = { readonly Redis: typeof import("ioredis").Redis };

const INSTALL =
  "spindle/distributed runs on BullMQ and Redis: install them with `npm install bullmq ioredis`";

const require = createRequire(import.meta.url);

/** Throws at the call, with what to install, when bullmq or ioredis cannot be found. @internal */
export function checkInstalled(where: string): void {
  for (const name of ["bullmq", "ioredis"]) {
    try {
      require.resolve(name);
    } catch {
      throw new Error(`${where}: the package "${name}" is not installed; ${INSTALL}`);
    }
  }
}

let bullmq: Promise<BullMQ> | null = null;
let ioredis: Promise<IORedis> | null = null;

/** BullMQ, imported once. @internal */
export function loadBullMQ(): Promise<BullMQ> {
  bullmq ??= import("bullmq").catch((error: unknown) => {
    bullmq = null;
    throw new Error(`${INSTALL} (${(error as Error).message})`);
  });
  return bullmq;
}

/** ioredis, imported once. @internal */
export function loadIORedis(): Promise<IORedis> {
  ioredis ??= import("ioredis").then(
    (mod): IORedis => ({ Redis: mod.Redis }),
    (error: unknown) => {
      ioredis = null;
      throw new Error(`${INSTALL} (${(error as Error).message})`);
    },
  );
  return ioredis;
}
