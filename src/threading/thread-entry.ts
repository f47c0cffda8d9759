// The entry of a Thread's worker: rebuild the arguments, run the target, raise the done flag.
import { workerData } from "node:worker_threads";
import "./index.js"; // registers every primitive's rebuilder
import { compile, type Definition } from "./compile.js";
import { nameCurrentThread } from "./current.js";
import { decodeArgs } from "./transfer.js";

interface Init {
  readonly definition: Definition;
  readonly args: unknown[];
  readonly done: SharedArrayBuffer;
  readonly name: string;
}

const { definition, args, done, name } = workerData as Init;
nameCurrentThread(name);
const flag = new Int32Array(done);
try {
  const target = await compile(definition);
  await target(...decodeArgs(args));
} catch (error) {
  // Python prints an uncaught thread exception and the thread ends; the program goes on.
  process.stderr.write(
    `Exception in thread ${name}:\n${(error as Error)?.stack ?? String(error)}\n`,
  );
} finally {
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
