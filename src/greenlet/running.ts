/**
 * Which greenlet is running now: the one piece of state that greenlet.ts and request.ts share.
 * Only the trampoline (greenlet.ts) changes it, and it is the main greenlet whenever ordinary
 * code runs.
 * @module
 */

/** What request.ts needs of a greenlet (it cannot import the class: no import cycles). */
export interface Switcher {
  readonly name: string;
  isMain(): boolean;
}

let now: Switcher | undefined;

/** @internal The running greenlet (set once main exists, before any user code runs). */
export function running(): Switcher {
  return now!;
}

/** @internal For the trampoline only. */
export function setRunning(greenlet: Switcher): void {
  now = greenlet;
}
