// A ping-pong benchmark is only honest if the two sides really took turns: a runtime that let
// one side run all its iterations and then the other would post a great number for no switches.
// Each side calls `see(id)` once per iteration; `check` throws unless the sides alternated.

export class Alternation {
  #last = -1;
  #changes = 0;

  see(id: number): void {
    if (id !== this.#last) {
      this.#changes++;
      this.#last = id;
    }
  }

  /** Throws unless at least 90% of the `expected` iterations were a change of side. */
  check(expected: number, who: string): void {
    if (this.#changes < expected * 0.9) {
      throw new Error(
        `${who}: the two sides switched ${this.#changes} times in ${expected} iterations; ` +
          "they did not alternate, so the switch rate would be meaningless",
      );
    }
  }
}
