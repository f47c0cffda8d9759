// Simply explained: a coroutine is a function that can pause in the middle, wait until someone
// sends it a value, and then carry on from where it stopped, remembering its variables. `grep`
// below waits for lines of text; each line sent to it wakes it up, it prints the line if the line
// contains "python", and it pauses again. Chain a few coroutines together and you get a pipeline,
// where each one hands on what it keeps to the next.

// The talk's coroutine example, ported from Python (item 4 in the talk).
import { coroutine, filter, map, sink, source } from "spindle/coroutine";

// Python:                          spindle:
//   def grep(pattern):               coroutine(function* grep(pattern) { ... })
//       while True:
//           line = yield             const line = yield;
//           if pattern in line:      if (line.includes(pattern)) console.log(line);
//               print(line)
// tour:begin
const grep = coroutine(function* grep(pattern: string): Generator<void, void, string> {
  while (true) {
    const line = yield; // pause here until a line is sent in
    if (line.includes(pattern)) console.log(line);
  }
});

// In Python, `g = grep("python")` then `next(g)` runs it to its first `yield`.
// The factory made by coroutine() does that priming for you: there is no next(g).
const g = grep("python");
g.send("pty"); // no "python" in it: prints nothing
g.send("python is"); // prints "python is"
// tour:end
g.close(); // done with it (Python's g.close())

// A pipeline: source pushes each line in, filter keeps the lines about python, map tidies
// them up, sink prints. When the lines run out, source closes the whole chain.
const lines = ["python is fun", "pty", "I like python", "ruby"];
source(
  lines,
  filter(
    (line: string) => line.includes("python"),
    map(
      (line: string) => line.toUpperCase(),
      sink((line: string) => console.log(`> ${line}`)),
    ),
  ),
);
