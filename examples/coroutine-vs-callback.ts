// Simply explained: the same little program written twice. The coroutine version is one function
// that prints, pauses for a second, and carries on where it stopped. The callback version cannot
// pause, so it prints and asks the event loop to call it again in a second. Both run on the same
// kind of event loop; only the way of saying "later" differs.

// The talk's "Co-routine v/s Callback" example, ported from Python (item 12 in the talk).
// The talk's programs print forever; these stop after three messages so the example ends.
//
// Time: the talk waits one real second between messages. Here each program gets a loop with a
// VirtualClock, which jumps straight to the next timer when there is nothing else to do: the same
// schedule and the same loop times (printed with each message), but no real waiting. Delete the
// two setEventLoop(...) lines and the programs run in real time, one message per second.
import {
  getEventLoop,
  getRunningLoop,
  type Loop,
  newEventLoop,
  setEventLoop,
  sleep,
  VirtualClock,
} from "spindle";

const MESSAGES = 3;

/** The running loop's time, e.g. "t=2s" (loop time is in seconds, as in Python). */
function now(): string {
  return `t=${getRunningLoop().time()}s`;
}

// --- Program 1: a coroutine ---------------------------------------------------------------------
// Python:                                      spindle:
//   @asyncio.coroutine
//   def just_print_messages():                   function* justPrintMessages() {
//       while True:                                while (true) {
//           print('Just print')                      console.log("Just print");
//           yield from asyncio.sleep(1)              yield* sleep(1);
//                                                  }
//                                                }
//   def main():
//       loop = asyncio.get_event_loop()          const loop = getEventLoop();
//       try:                                     try {
//           loop.run_until_complete(               await loop.runUntilComplete(justPrintMessages());
//               just_print_messages())
//       finally:                                 } finally {
//           loop.close()                           loop.close();
//                                                }
async function coroutineProgram(): Promise<void> {
  // tour:begin
  function* justPrintMessages() {
    for (let sent = 1; ; sent++) {
      console.log(`Just print (${now()})`);
      if (sent === MESSAGES) return; // the talk's version never returns
      yield* sleep(1); // pause here: the loop is free for other work and wakes us a second later
    }
  }
  // tour:end

  setEventLoop(newEventLoop({ clock: new VirtualClock() })); // not in the talk: virtual time
  const loop = getEventLoop(); // asyncio.get_event_loop()
  try {
    await loop.runUntilComplete(justPrintMessages()); // returns when the coroutine returns
  } finally {
    loop.close();
  }
}

// --- Program 2: a callback ----------------------------------------------------------------------
// Python:                                      spindle:
//   def just_print_messages(loop):               function justPrintMessages(loop) {
//       print('Just print')                        console.log("Just print");
//       loop.call_later(1, just_print_messages,    loop.callLater(1, justPrintMessages, loop);
//                       loop)                    }
//   def main():
//       loop = asyncio.get_event_loop()          const loop = getEventLoop();
//       try:                                     try {
//           loop.call_soon(just_print_messages,    loop.callSoon(justPrintMessages, loop);
//                          loop)
//           loop.run_forever()                     await loop.runForever();
//       finally:                                 } finally {
//           loop.close()                           loop.close();
//                                                }
async function callbackProgram(): Promise<void> {
  let sent = 0; // a callback keeps no state between calls: it lives out here

  // tour:begin
  function justPrintMessages(loop: Loop): void {
    console.log(`Just print (${now()})`);
    sent++;
    if (sent === MESSAGES) {
      loop.stop(); // the talk's version never stops, so runForever() never returns
      return;
    }
    loop.callLater(1, justPrintMessages, loop); // "call me again in one second"
  }
  // tour:end

  setEventLoop(newEventLoop({ clock: new VirtualClock() })); // not in the talk: virtual time
  const loop = getEventLoop();
  try {
    loop.callSoon(justPrintMessages, loop); // run it at the loop's first pass
    await loop.runForever(); // returns once loop.stop() is called
  } finally {
    loop.close();
  }
}

console.log("Coroutine: one function that pauses with `yield* sleep(1)`");
await coroutineProgram();
console.log();
console.log("Callback: a function that re-schedules itself with `loop.callLater(1, ...)`");
await callbackProgram();
