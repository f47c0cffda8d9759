// The raw baseline's worker: answers every message on its port with the value plus one.
import { parentPort } from "node:worker_threads";

parentPort?.on("message", (x: number) => parentPort?.postMessage(x + 1));
