// Simply explained: an event loop is a to-do list and a worker who keeps going down it. Each task
// runs until it has to wait (for a timer, or for an answer someone promised), then steps aside;
// when the wait is over, the loop picks the task up again where it stopped. A Future is that
// promised answer: an empty box that someone fills in later.

// The talk's event loop (item 5) and asyncio (item 10): coroutines, tasks, futures, one loop.
//
// Time: run() gets a VirtualClock, so the sleeps below cost no real time. The loop's clock stands
// still while tasks run and jumps to the next timer when every task waits; loop.time() (seconds)
// shows where the program is in its own timeline. Without the clock option it runs in real time
// and takes three seconds.
import { createTask, type Future, getRunningLoop, run, sleep, VirtualClock } from "spindle";

/** Prints a line stamped with the loop's time: "[t=1.5s] ...". */
function say(what: string): void {
  console.log(`[t=${getRunningLoop().time()}s] ${what}`);
}

// A coroutine: a generator function. `yield* sleep(s)` is Python's `await asyncio.sleep(s)`.
// tour:begin
function* boil(what: string, seconds: number) {
  say(`${what}: on, ready in ${seconds}s`);
  yield* sleep(seconds); // this task steps aside; the loop runs the others meanwhile
  say(`${what}: done`);
  return what;
}
// tour:end

// A task that waits on a Future: it sleeps until someone calls reply.setResult(...).
function* waitForPost(reply: Future<string>) {
  say("letterbox: waiting for the post");
  const letter = yield* reply; // resumes with the future's result
  say(`letterbox: got "${letter}"`);
  return letter;
}

function* main() {
  const loop = getRunningLoop();
  say("main: start");

  // A Future nobody has filled in yet, and a plain callback that fills it in 1.5 s from now.
  // tour:begin
  const reply = loop.createFuture<string>("the post");
  loop.callLater(1.5, () => {
    say("callback: the postman rings");
    reply.setResult("a postcard");
  });

  // Three tasks: created now, they start at the loop's next pass, when main waits.
  const kettle = createTask(boil("kettle", 3), { name: "kettle" });
  const toaster = createTask(boil("toaster", 1), { name: "toaster" });
  const letterbox = createTask(waitForPost(reply), { name: "letterbox" });

  // Join them in any order: each `yield* task` waits for that task and gives its result.
  const results = [yield* kettle, yield* toaster, yield* letterbox];
  // tour:end
  say("main: all three finished");
  return results;
}

const result = await run(main, { clock: new VirtualClock() });
console.log(`run(main) returned ${JSON.stringify(result)}`);
