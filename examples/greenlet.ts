// Simply explained: a greenlet is a function that can pause in the middle and hand control
// straight to another greenlet, which carries on from where it last paused. Nothing decides for
// them: there is no event loop and no scheduler, each one says exactly who runs next. Two
// greenlets passing control back and forth take turns like two people sharing one pen.

// The talk's greenlet example (item 8), ported from Python. The talk's version loops forever
// (1 2 3 4 1 2 3 4 ...); this one plays three rounds, then test1 returns.
import { Greenlet } from "spindle/greenlet";

const ROUNDS = 3;

// Python:                          spindle:
//   def test1():                     function* test1() {
//       while True:                    for (...) {
//           print(1)                     console.log(1);
//           gr2.switch()                 yield* gr2.switch();
//           print(3)                     console.log(3);
//           gr2.switch()                 yield* gr2.switch();
//
// A greenlet's body is a generator function, and a switch is `yield* other.switch()`: the
// greenlet pauses right there until someone switches back to it.
// tour:begin
function* test1() {
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(1);
    yield* gr2.switch();
    console.log(3);
    yield* gr2.switch();
  }
  return `test1 finished after ${ROUNDS} rounds`;
}
// tour:end

// tour:begin
function* test2() {
  while (true) {
    console.log(2);
    yield* gr1.switch();
    console.log(4);
    yield* gr1.switch();
  }
}
// tour:end

// tour:begin
const gr1 = new Greenlet(test1);
const gr2 = new Greenlet(test2);

// From ordinary code (the "main" greenlet) a switch is a plain call: it runs the greenlets until
// control comes back here. test1's parent is main, so when test1 returns, its return value
// arrives here. test2 is left paused at its last switch: no one will switch to it again.
const result = gr1.switch();
// tour:end
console.log(result);
console.log(`gr1 dead: ${gr1.dead}, gr2 dead: ${gr2.dead}`);
