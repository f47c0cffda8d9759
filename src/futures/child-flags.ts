// Which of the parent's Node flags a ProcessPoolExecutor child gets. A forked child inherits
// `process.execArgv`; some of those flags would make it run something other than the pool's
// entry: under `node -e "…"` every child would re-run that script, which makes its own pool, whose
// children re-run it again — a fork bomb. Children keep what shapes the runtime (loaders, require
// and import hooks, conditions, memory and V8 flags, source maps) and lose what picks the program.
//
// Invariant used below: `process.execArgv` holds only Node's flags and their values (the script
// and its arguments are in `process.argv`), so an argument that does not start with "-" is the
// value of the flag before it.

/** The code to run is always the next argument (even one starting with "-"), unless attached with "=". */
const EVAL = new Set(["-e", "--eval", "-pe"]);

/**
 * Flags that choose another program: evaluate or print a script, a REPL, a syntax check, the test
 * runner, a watcher, `--run`, a snapshot build or run, a profile report. Also the debugger flags:
 * each child would stop for a debugger (`--inspect-brk`) or fight over the parent's port.
 */
const DROP = new Set([
  "-p",
  "--print",
  "-i",
  "--interactive",
  "-c",
  "--check",
  "--run",
  "--input-type",
  "--snapshot-blob",
  "--build-snapshot",
  "--prof-process",
  "--entry-url",
  "--experimental-sea-config",
  "-v",
  "--version",
  "-h",
  "--help",
  "--v8-options",
  "--completion-bash",
]);
/** Families dropped whole: `--test`, `--test-reporter`, `--watch-path`, `--inspect-brk`, …. */
const DROP_FAMILIES = ["--test", "--watch", "--inspect", "--debug"];

function dropped(name: string): boolean {
  if (DROP.has(name)) return true;
  return DROP_FAMILIES.some((family) => name === family || name.startsWith(`${family}-`));
}

/**
 * The flags of `execArgv` (the parent's `process.execArgv`) a pool child starts with: all of them
 * except those that choose what the process runs (`-e`/`--eval`, `-p`/`--print`, `-i`, `--check`,
 * `--test*`, `--watch*`, `--run`, `--input-type`, snapshots) or attach a debugger (`--inspect*`),
 * each dropped with its value in either form (`--flag value`, `--flag=value`). Everything else is
 * kept in order: `--import`, `--require`/`-r`, `--loader`, `--conditions`/`-C`, `--experimental-*`,
 * `--max-old-space-size=…`, `--expose-gc`, `--enable-source-maps`, `--env-file`, ….
 * @example
 * childExecArgv(["--import", "tsx", "--input-type=module", "-e", "code"]); // ["--import", "tsx"]
 * @internal
 */
export function childExecArgv(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] as string;
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const attached = eq > 0;
    if (EVAL.has(name)) {
      if (!attached) i++;
    } else if (dropped(name)) {
      // Its value, if it has one, is the argument after it (see the invariant above).
      const next = execArgv[i + 1];
      if (!attached && next !== undefined && !next.startsWith("-")) i++;
    } else {
      kept.push(arg);
    }
  }
  return kept;
}
