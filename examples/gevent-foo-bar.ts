// Simply explained: gevent runs many "green threads" in one thread. Each one runs until it
// politely says "let the others go now" (`sleep(0)`), and then the next one in line carries on
// from where it last stopped. Here foo and bar take turns, each printing a line, then stepping
// aside for the other — a conversation with two speakers and no interruptions.

// The talk's gevent example (item 9), ported from Python. The talk's foo and bar loop forever;
// these take three turns each, so the program ends.
import { joinall, sleep, spawn } from "spindle/gevent";

const TURNS = 3;

// Python:                                       spindle:
//   def foo():                                    function* foo() {
//       while True:                                 for (...) {
//           print('Running in foo')                   console.log("Running in foo");
//           gevent.sleep(0)                           yield* sleep(0);
//           print('Explicit context switch            console.log("Explicit context switch
//                  to foo again')                                   to foo again");
//
// A green thread's body is a generator function, and every place it may give way to the others
// is a visible `yield*`: the "explicit context switch" of the talk.
// tour:begin
function* foo() {
  for (let turn = 0; turn < TURNS; turn++) {
    console.log("Running in foo");
    yield* sleep(0);
    console.log("Explicit context switch to foo again");
  }
}

function* bar() {
  for (let turn = 0; turn < TURNS; turn++) {
    console.log("Explicit context to bar");
    yield* sleep(0);
    console.log("Implicit context switch back to bar");
  }
}

// gevent.joinall([gevent.spawn(foo), gevent.spawn(bar)]): spawn starts nothing yet; joinall,
// called from ordinary code, runs the hub (the event loop) until both have finished.
await joinall([spawn(foo), spawn(bar)]);
// tour:end
console.log("both finished");
