// The lock contract run against every asyncio lock-like primitive.
import { BoundedSemaphore, Condition, Lock, Semaphore } from "../../../src/asyncio/locks/index.js";
import { lockContract } from "./lock-contract.js";

lockContract("Lock", () => new Lock());
lockContract("Semaphore(1)", () => new Semaphore(1), { releaseUnheldThrows: false });
lockContract("BoundedSemaphore(1)", () => new BoundedSemaphore(1));
lockContract("Condition", () => new Condition());
lockContract("Condition over a given Lock", () => new Condition(new Lock()));
