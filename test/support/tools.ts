// Real tools a test drives (tmux, Chromium): present, or a skip that says how to install them.
// Under CI (CI set) a missing tool is a failure: .ci/run installs them, so CI always runs these.
import { accessSync, constants } from "node:fs";

/**
 * The reason to skip when `path` is not an executable here (`false` when it is, so the result
 * goes straight into `it(name, { skip }, …)`); throws under CI, where the tool must be there.
 */
export function skipWithout(path: string, install: string): string | false {
  try {
    accessSync(path, constants.X_OK);
    return false;
  } catch {
    const message = `${path} is not installed; install it with \`${install}\` to run this test`;
    if (process.env.CI) throw new Error(`CI must run this test: ${message} (.ci/run does)`);
    return message;
  }
}
