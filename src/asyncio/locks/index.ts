/**
 * The asyncio locks (see DESIGN.md §3): Lock, Event, Condition, Semaphore, BoundedSemaphore and
 * Barrier. All park tasks on the kernel's one wait queue, so FIFO fairness and "no lost wake-up
 * when a waiter is cancelled" hold by construction. Each module of this folder is re-exported here.
 * @module
 */

export type { PrimitiveOptions } from "../../core/index.js";
export { Barrier, type BarrierStatistics } from "./barrier.js";
export { BoundedSemaphore } from "./bounded-semaphore.js";
export { Condition, type ConditionStatistics } from "./condition.js";
export { Event, type EventStatistics } from "./event.js";
export { Lock, type LockStatistics } from "./lock.js";
export { Semaphore, type SemaphoreStatistics } from "./semaphore.js";
