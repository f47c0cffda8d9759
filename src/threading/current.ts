import { isMainThread, threadId } from "node:worker_threads";

let name = isMainThread ? "MainThread" : `Worker-${threadId}`;

/**
 * The calling thread (Python's `threading.current_thread()`): its name and ident.
 * @example
 * console.log(`${currentThread().name}: acquired`); // "Thread-2: acquired" inside a Thread
 */
export function currentThread(): { readonly name: string; readonly ident: number } {
  return { name, ident: threadId };
}

/** The thread entry names its thread. @internal */
export function nameCurrentThread(newName: string): void {
  name = newName;
}
