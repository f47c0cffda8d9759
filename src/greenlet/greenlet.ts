/**
 * Greenlets: symmetric coroutines with no event loop (the talk: "greenlets have no event loop or
 * executor by default"). JavaScript has no stackful coroutines, so a greenlet's body is a
 * generator function and a trampoline, entered from ordinary code, resumes the bodies in turn:
 *
 * ```
 * ordinary code (the main greenlet)          trampoline                    greenlet bodies
 *   v = a.switch(1) ───────────────────▶ resume a: run(1) ───────────▶ a: yield* b.switch(2)
 *                                        a yielded its request ◀─────────┘
 *                                        resume b: run(2) ───────────▶ b: yield* main.switch(3)
 *   v === 3  ◀─────────────────────────── target is main: return 3 ◀────┘
 * ```
 *
 * Rules (greenlet's): a body that returns hands its value to its parent, one that throws raises
 * in its parent, and a GreenletExit that escapes reaches the parent as a value; a switch to a dead
 * greenlet goes to its parent (or the first live one up the chain; main never dies).
 *
 * Invariant: the running greenlet (running.ts) is main whenever ordinary code runs; only the
 * trampoline changes it, and only one trampoline exists at a time (a switch made inside a body
 * never runs one: it returns the caller's request, which the body must `yield*`).
 * @module
 */

import { GreenletExit } from "../core/errors.js";
import {
  forgottenYieldStar,
  nameNotAString,
  notAGeneratorFunction,
  nothingToRun,
  parentCycle,
  parentNotAGreenlet,
  yieldedForeignValue,
  yieldedWithoutStar,
} from "./messages.js";
import {
  CREATED,
  DELIVERING,
  IDLE,
  ISSUED,
  SWITCH,
  SwitchRequest,
  THROW,
  VERB_NAME,
  type Verb,
} from "./request.js";
import { running, setRunning } from "./running.js";

// Not a global; every `function*` is an instance of it (bound ones too).
const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;

// A greenlet's life. Exactly one greenlet (current) is RUNNING.
const UNSTARTED = 0;
const RUNNING = 1;
const SUSPENDED = 2;
const DEAD = 3;
const STATE_TEXT = ["not started", "running", "suspended", "dead"] as const;

/**
 * A body: a generator function; the first switch calls it with its arguments (`this` is the
 * greenlet). Its return type is `any` on purpose: two bodies that switch to each other's
 * greenlets would otherwise send TypeScript's inference round in a circle (TS7022). That a body
 * really is a generator function is checked when the Greenlet is made.
 * @example
 * const run: GreenletRun = function* (x: number) { return x; };
 */
// biome-ignore lint/suspicious/noExplicitAny: see above; run's parameters are the first switch's.
export type GreenletRun = (this: Greenlet, ...args: any[]) => any;

/**
 * Options for `new Greenlet(run, options)`.
 * @example
 * const child = new Greenlet(function* () { return 1; }, { parent: other, name: "child" });
 */
export interface GreenletOptions {
  /** Where control goes when the greenlet finishes. Default: the current greenlet. */
  parent?: Greenlet | null;
  /** Used in messages and `toString()`. Default: run's function name, or `greenlet-N`. */
  name?: string;
}

/** An options object rather than some other kind of object passed as the parent. */
function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The running greenlet, typed: running.ts knows it only as a Switcher. */
const current = (): Greenlet => running() as Greenlet;

let makingMain = true;
let unnamed = 0;

/**
 * A greenlet: a body that runs until it switches to another greenlet, and resumes right there
 * when some greenlet switches back (Python's `greenlet.greenlet`). There is no scheduler: control
 * goes exactly where `switch()` sends it.
 *
 * From ordinary code, `g.switch(x)` runs greenlets synchronously until one switches back to the
 * main greenlet, and returns what it sent. Inside a body, write `yield* g.switch(x)`: it evaluates
 * to the value switched back. One argument arrives as itself, several as an array, none as
 * undefined; the first switch into a greenlet passes its arguments to run instead.
 *
 * @example
 * function* test1() {
 *   console.log(12);
 *   yield* gr2.switch();
 *   console.log(34);
 * }
 * function* test2() {
 *   console.log(56);
 *   yield* gr1.switch();
 *   console.log(78); // never: nobody switches back to gr2
 * }
 * const gr1 = new Greenlet(test1);
 * const gr2 = new Greenlet(test2);
 * gr1.switch(); // prints 12, 56, 34; gr1 finished, so control came back here
 */
export class Greenlet {
  /** A body to run; subclasses may define `*run()` instead of passing one. */
  run?(...args: unknown[]): Generator<unknown, unknown, unknown>;

  #body: GreenletRun | null;
  #parent: Greenlet | null;
  #name: string;
  #state: number;
  #gen: Generator<unknown, unknown, unknown> | null = null;
  #request: SwitchRequest<Greenlet> | null = null;

  /**
   * Creates a greenlet that will call `run(...args)` at the first `switch(...args)`. `parent`
   * (or `{ parent, name }`) defaults to the current greenlet.
   * @example
   * const g = new Greenlet(function* (a: number, b: number) { return a + b; });
   * g.switch(1, 2); // 3: g finished, and its parent (main) receives its return value
   */
  constructor(run?: GreenletRun | null, parent?: Greenlet | GreenletOptions | null) {
    if (makingMain) {
      makingMain = false;
      this.#body = null;
      this.#parent = null;
      this.#name = "main";
      this.#state = RUNNING;
      return;
    }
    let options: GreenletOptions | undefined;
    if (parent instanceof Greenlet || parent === undefined || parent === null) {
      options = { parent };
    } else if (typeof parent === "object" && isPlainObject(parent)) {
      options = parent;
    }
    const fromSubclass = run === undefined || run === null;
    const body = fromSubclass ? (this.run as GreenletRun | undefined) : run;
    if (body === undefined) throw nothingToRun();
    if (!(body instanceof GeneratorFunction)) throw notAGeneratorFunction(body);
    const name = options?.name;
    if (name !== undefined && typeof name !== "string") throw nameNotAString(name);
    this.#body = body;
    // A subclass's `*run()` is always called "run": its class name says more.
    const implicit = fromSubclass ? this.constructor.name : body.name;
    this.#name = name ?? (implicit !== "" ? implicit : `greenlet-${++unnamed}`);
    this.#state = UNSTARTED;
    if (options === undefined) throw parentNotAGreenlet(this.#name, parent);
    const p = options.parent ?? current();
    if (!(p instanceof Greenlet)) throw parentNotAGreenlet(this.#name, p);
    this.#parent = p;
  }

  /**
   * Switches to this greenlet, sending it `args`: the first switch starts it with
   * `run(...args)`; later ones make its pending switch evaluate to the value (one argument),
   * an array (several) or undefined (none). A switch to a dead greenlet goes to its parent.
   *
   * From ordinary code it returns the value switched back to the main greenlet; inside a
   * greenlet it must be `yield*`-ed (a forgotten `yield*` is reported with a RuntimeError).
   * @example
   * const echo = new Greenlet(function* (x) {
   *   while (true) x = yield* getcurrent().parent!.switch(x * 2);
   * });
   * echo.switch(1); // 2
   * echo.switch(5); // 10
   */
  // biome-ignore lint/suspicious/noExplicitAny: a value from ordinary code, a request to yield* in a body.
  switch(...args: unknown[]): any;
  // biome-ignore lint/suspicious/noExplicitAny: see the overload.
  switch(): any {
    // `arguments` rather than a rest parameter: no array per switch for zero or one argument.
    // biome-ignore lint/complexity/noArguments: the hot path; see above.
    const argc = arguments.length;
    // biome-ignore lint/complexity/noArguments: the hot path; see above.
    const a0: unknown = arguments[0];
    // biome-ignore lint/complexity/noArguments: the hot path; see above.
    const rest = argc > 1 ? (Array.prototype.slice.call(arguments) as unknown[]) : null;
    const caller = current();
    if (caller === main) return Greenlet.#transfer(this, SWITCH, argc, a0, rest);
    return caller.#ask(this, SWITCH, argc, a0, rest);
  }

  /**
   * Raises `error` (default: a new `GreenletExit`) inside this greenlet, where it is suspended,
   * and switches to it. A greenlet that has not started dies at once; an uncaught
   * `GreenletExit` reaches the parent as a value, any other error is raised in the parent. Like
   * `switch()`, it returns what is switched back (from ordinary code) or is `yield*`-ed.
   * @example
   * const main = getcurrent();
   * const g = new Greenlet(function* () { yield* main.switch("ready"); });
   * g.switch();       // "ready"
   * g.throw();        // a GreenletExit, returned: g did not catch it, so it died quietly
   * g.dead;           // true
   */
  // biome-ignore lint/suspicious/noExplicitAny: a value from ordinary code, a request to yield* in a body.
  throw(error: unknown = new GreenletExit()): any {
    const caller = current();
    if (caller === main) return Greenlet.#transfer(this, THROW, 1, error, null);
    return caller.#ask(this, THROW, 1, error, null);
  }

  /**
   * True once the greenlet has finished: returned, let an error escape, or was killed. A greenlet
   * that has not started is not dead; the main greenlet never dies.
   * @example
   * const g = new Greenlet(function* () {});
   * g.dead; // false
   * g.switch();
   * g.dead; // true
   */
  get dead(): boolean {
    return this.#state === DEAD;
  }

  /**
   * Where control goes when this greenlet finishes (its return value, or its error). Null only for
   * the main greenlet. Reassignable to any greenlet, as long as no cycle forms (RangeError).
   * @example
   * child.parent = other; // when child finishes, other receives its return value
   */
  get parent(): Greenlet | null {
    return this.#parent;
  }

  set parent(value: Greenlet) {
    if (!(value instanceof Greenlet)) throw parentNotAGreenlet(this.#name, value);
    const names = [this.#name];
    for (let g: Greenlet | null = value; g !== null; g = g.#parent) {
      names.push(g.#name);
      if (g === this) throw parentCycle(names);
    }
    this.#parent = value;
  }

  /**
   * The greenlet's name, used in messages: the `name` option, else run's function name, else
   * `greenlet-N`. The main greenlet is "main".
   * @example
   * new Greenlet(function* worker() {}).name; // "worker"
   */
  get name(): string {
    return this.#name;
  }

  /**
   * True for the implicit main greenlet, which stands for ordinary code.
   * @example
   * getcurrent().isMain(); // true outside every greenlet
   */
  isMain(): boolean {
    return this === main;
  }

  /**
   * `Greenlet 'name' (state)`, the state being one of not started, running, suspended, dead.
   * @example
   * String(getcurrent()); // "Greenlet 'main' (running)"
   */
  toString(): string {
    return `Greenlet '${this.#name}' (${STATE_TEXT[this.#state]})`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Fills the caller's (this, the current greenlet's) request for the body to `yield*`. */
  #ask(target: Greenlet, verb: Verb, argc: number, a0: unknown, rest: unknown[] | null) {
    const req = this.#request!;
    if (req.state === CREATED) {
      // The previous request was never yield*-ed: report that one, and drop it.
      req.state = IDLE;
      throw forgottenYieldStar(this.#name, VERB_NAME[req.verb]!, req.target!.name);
    }
    return req.fill(verb, target, argc, a0, rest);
  }

  /** First resume: makes the generator (run's parameter defaults may throw: caught as a death). */
  #start(argc: number, a0: unknown, rest: unknown[] | null): IteratorResult<unknown, unknown> {
    const body = this.#body!;
    this.#body = null;
    this.#request = new SwitchRequest(this);
    const gen =
      argc === 0 ? body.call(this) : argc === 1 ? body.call(this, a0) : body.apply(this, rest!);
    this.#gen = gen;
    return gen.next();
  }

  #die(): void {
    this.#state = DEAD;
    this.#body = null;
    this.#gen = null;
    this.#request = null;
  }

  /** The error to throw into a body that yielded something other than its issued request. */
  #misuse(value: unknown): Error {
    const req = this.#request!;
    if (req.state === CREATED) {
      req.state = IDLE;
      const verb = VERB_NAME[req.verb]!;
      const target = req.target!.name;
      return value === req
        ? yieldedWithoutStar(this.#name, verb, target)
        : forgottenYieldStar(this.#name, verb, target);
    }
    return yieldedForeignValue(this.#name, value);
  }

  /**
   * The trampoline, entered from ordinary code only (current is main): passes control from
   * greenlet to greenlet until it comes back to main, then returns the values sent (or throws
   * the error raised) there. `verb`, `argc`, `a0`, `rest` are what travels with control.
   */
  static #transfer(
    target: Greenlet,
    verb: Verb,
    argc: number,
    a0: unknown,
    rest: unknown[] | null,
  ): unknown {
    main.#state = SUSPENDED;
    try {
      for (;;) {
        if (target.#state === DEAD) {
          // greenlet's rule: a GreenletExit thrown at a dead greenlet comes back as a value.
          if (verb === THROW && a0 instanceof GreenletExit) {
            verb = SWITCH;
            argc = 1;
          }
          // A switch to a dead greenlet goes to its parent; main never dies, so this ends.
          do target = target.#parent!;
          while (target.#state === DEAD);
        }
        if (target === main) break;
        setRunning(target);
        let res: IteratorResult<unknown, unknown>;
        try {
          const state = target.#state;
          target.#state = RUNNING;
          if (state === SUSPENDED) {
            const req = target.#request!;
            if (req.state === ISSUED) req.state = DELIVERING;
            const gen = target.#gen!;
            res =
              verb === SWITCH
                ? gen.next(argc === 0 ? undefined : argc === 1 ? a0 : rest)
                : gen.throw(a0);
          } else if (verb === SWITCH) {
            res = target.#start(argc, a0, rest);
          } else {
            throw a0; // raised in a greenlet that never started: it dies before running
          }
        } catch (error) {
          // An error escaping a greenlet is raised in its parent; GreenletExit arrives as a value.
          target.#die();
          if (error instanceof GreenletExit) {
            verb = SWITCH;
            argc = 1;
          } else {
            verb = THROW;
          }
          a0 = error;
          target = target.#parent!;
          continue;
        }
        const req = target.#request!;
        target.#state = SUSPENDED;
        if (res === req.yielded && req.state === ISSUED) {
          // The hot path: `yield* other.switch(...)`. Take the payload; drop the request's hold
          // on the values (the target stays, for messages).
          verb = req.verb;
          argc = req.argc;
          a0 = req.a0;
          rest = req.rest;
          target = req.target!;
          req.a0 = undefined;
          req.rest = null;
        } else if (res.done) {
          // Finished: the return value goes to the parent (an un-yield*-ed request is an error).
          const forgotten = req.state === CREATED;
          if (forgotten) {
            verb = THROW;
            a0 = forgottenYieldStar(target.#name, VERB_NAME[req.verb]!, req.target!.name);
          } else {
            verb = SWITCH;
            argc = 1;
            a0 = res.value;
          }
          target.#die();
          target = target.#parent!;
        } else {
          // Yielded something else: raise a clear error in the body, right where it yielded.
          verb = THROW;
          a0 = target.#misuse(res.value);
        }
      }
    } finally {
      setRunning(main);
      main.#state = RUNNING;
    }
    if (verb === THROW) throw a0;
    return argc === 0 ? undefined : argc === 1 ? a0 : rest;
  }
}

const main = new Greenlet();
setRunning(main);

/**
 * The greenlet that is running now: inside a body, its own greenlet; in ordinary code, the main
 * greenlet (whose `parent` is null).
 * @example
 * const g = new Greenlet(function* () { return getcurrent() === g; });
 * g.switch();          // true
 * getcurrent().name;   // "main"
 */
export function getcurrent(): Greenlet {
  return current();
}
