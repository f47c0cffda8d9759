// Bad command-line input: the dispatcher prints the message and the command's usage, exit code 2.
import { type ParseArgsConfig, parseArgs } from "node:util";

/** A command was called wrongly (unknown flag, missing or malformed value). */
export class UsageError extends Error {
  override name = "UsageError";
}

/** node:util's parseArgs, strict, with its errors turned into UsageErrors. */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: T,
): { values: ReturnType<typeof parseArgs<{ options: T; strict: true }>>["values"] } {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A flag's value as a number (whole if `whole`), or a UsageError naming the flag. */
export function numberFlag(
  value: string | undefined,
  flag: string,
  whole: boolean,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || Number.isNaN(n) || (whole && !Number.isInteger(n))) {
    throw new UsageError(
      `--${flag} must be ${whole ? "a whole number" : "a number of seconds"}, got "${value}"`,
    );
  }
  return n;
}
