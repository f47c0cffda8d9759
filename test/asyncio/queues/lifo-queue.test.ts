import { LifoQueue } from "../../../src/asyncio/index.js";
import { queueContract } from "./queue-contract.js";

queueContract(
  "LifoQueue",
  (maxsize, options) => new LifoQueue<number>(maxsize as number, options),
  (items) => [...items].reverse(),
);
