/**
 * A string table with a bound: labels and names are stored once and events carry their number.
 * Once `maxStrings` strings (or `maxChars` characters) are stored, new strings get 0 ("not
 * kept") and are counted in `dropped`: memory stays bounded whatever the run's length.
 *
 * Numbers start at 1; 0 means unknown.
 */
export class InternTable {
  readonly #ids = new Map<string, number>();
  readonly strings: string[] = [""];
  readonly #maxStrings: number;
  readonly #maxChars: number;
  #chars = 0;
  /** Look-ups of new strings refused because the table was full. */
  dropped = 0;

  constructor(maxStrings: number, maxChars: number) {
    this.#maxStrings = maxStrings;
    this.#maxChars = maxChars;
  }

  /** The string's number, or 0 when it is new and the table is full. */
  id(text: string): number {
    const known = this.#ids.get(text);
    if (known !== undefined) return known;
    if (this.strings.length - 1 >= this.#maxStrings || this.#chars + text.length > this.#maxChars) {
      this.dropped++;
      return 0;
    }
    const id = this.strings.length;
    this.strings.push(text);
    this.#ids.set(text, id);
    this.#chars += text.length;
    return id;
  }

  get size(): number {
    return this.strings.length - 1;
  }
}
