// Simply explained: a green thread you start keeps running until it finishes or someone stops
// it. Forget one that loops forever, and whoever waits for "everything to be done" waits
// forever too — the program never ends (the talk: kill them explicitly, or they become zombies).
// Forget one that waits for something that never comes, and the program is stuck. spindle shows
// both instead of hanging, and `killall` ends forgotten green threads cleanly.

// The talk's advice on gevent (item 9): "kill what you spawn". Virtual time, so no real waiting.
import { DeadlockError, event, killall, run, sleep, spawn, wait } from "spindle/gevent";
import { VirtualClock } from "spindle/testing";

// 1. A forgotten heartbeat: it loops forever.
await run(
  function* main() {
    // tour:begin
    const heartbeat = spawn(function* heartbeat() {
      try {
        for (let beat = 1; ; beat++) {
          yield* sleep(1);
          console.log(`heartbeat ${beat}`);
        }
      } finally {
        console.log("heartbeat: stopped cleanly (its finally block ran)");
      }
    });
    // tour:end
    yield* sleep(2.5); // main's real work
    console.log("main: my work is done");

    // gevent.wait() waits until nothing else runs. With the heartbeat alive, that is never:
    // give it 3 seconds to show it.
    const finished = yield* wait(undefined, { timeout: 3 });
    console.log(
      `wait(timeout=3): everything finished? ${finished} — the heartbeat keeps the program alive`,
    );

    // The fix: kill what you spawn. killall raises GreenletExit inside and waits for it to end.
    // tour:begin
    yield* killall([heartbeat]);
    // tour:end
    console.log(`after killall: heartbeat dead? ${heartbeat.dead}; value: ${heartbeat.value}`);
    console.log(`wait(): everything finished? ${yield* wait()}`);
  },
  { clock: new VirtualClock() },
);

// 2. A forgotten waiter: it waits for an event nobody will set. Joining it can never end; gevent
// raises LoopExit, spindle the kernel's DeadlockError, with a report of who waits on what.
try {
  await run(
    function* main() {
      const configLoaded = new event.Event({ name: "config loaded" });
      const worker = spawn(function* worker() {
        yield* configLoaded.wait(); // nobody will ever set it
      });
      yield* worker.join();
    },
    { clock: new VirtualClock() },
  );
} catch (error) {
  if (!(error instanceof DeadlockError)) throw error;
  console.log("joining the forgotten waiter:");
  console.log(error.message);
}
