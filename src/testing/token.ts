import type { FailureKind } from "./errors.js";
import { ScheduleTokenError } from "./errors.js";
import type { Deviation } from "./policy.js";
import { HASH_START, hashNumber } from "./prng.js";

/** Every token starts with this: "sx" (spindle explore), format version 1. */
export const TOKEN_PREFIX = "sx1.";

const KINDS: readonly FailureKind[] = [
  "error",
  "deadlock",
  "unretrieved",
  "lost-update",
  "livelock",
  "nondeterminism",
];

/** The trace hash at the start of a step, kept to 8 bits: enough to notice a run going astray. */
export interface Checkpoint {
  readonly step: number;
  readonly hash: number;
}

/**
 * What a replay token holds. The schedule itself is either the deviations from the default order
 * that shrinking kept (usually a handful), or, when those would not fit, the exploration's seed,
 * strategy and run number, from which the run's choices are generated again. Either way the token
 * also carries what a replay checks the program against: a hash of the scenario's source, the
 * number of steps, trace hashes along the way and at the end, and how the run failed.
 * @internal
 */
export interface TokenData {
  readonly strategy: "pct" | "random";
  readonly depth: number;
  readonly seed: number;
  /** The run, from 1. */
  readonly run: number;
  readonly maxSteps: number;
  /** 16-bit hash of the scenario's source text. */
  readonly source: number;
  readonly kind: FailureKind;
  readonly steps: number;
  /** 24-bit hash of the whole recorded run. */
  readonly finalHash: number;
  /** Deviations (the shrunk schedule), or null: regenerate from seed, strategy and run. */
  readonly deviations: readonly Deviation[] | null;
  /** PCT's bound on choice points for that run (seed form only). */
  readonly bound: number;
  /** Trace hashes at some steps, in step order: where a replay is checked along the way. */
  readonly checkpoints: readonly Checkpoint[];
}

/** Encodes a token: the prefix, then the bytes in base64url with a 16-bit checksum at the end. */
export function encodeToken(data: TokenData): string {
  const out: number[] = [];
  const varint = (n: number) => {
    let v = Math.max(0, Math.floor(n));
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
  };
  const form = data.deviations === null ? 1 : 0;
  out.push(form | (KINDS.indexOf(data.kind) << 1) | ((data.strategy === "random" ? 1 : 0) << 4));
  varint(data.depth);
  varint(data.seed);
  varint(data.run);
  varint(data.maxSteps);
  out.push(data.source & 0xff, (data.source >>> 8) & 0xff);
  varint(data.steps);
  out.push(data.finalHash & 0xff, (data.finalHash >>> 8) & 0xff, (data.finalHash >>> 16) & 0xff);
  if (data.deviations === null) varint(data.bound);
  else {
    varint(data.deviations.length);
    let previous = 0;
    for (const d of data.deviations) {
      varint(d.step - previous);
      previous = d.step;
      varint(d.pick);
      varint(d.ready);
    }
  }
  varint(data.checkpoints.length);
  let previous = 0;
  for (const c of data.checkpoints) {
    varint(c.step - previous);
    previous = c.step;
    out.push(c.hash & 0xff);
  }
  const sum = checksum(out);
  out.push(sum & 0xff, sum >>> 8);
  return TOKEN_PREFIX + Buffer.from(out).toString("base64url");
}

/** Decodes a token, or throws ScheduleTokenError saying what is wrong with it. */
export function decodeToken(token: string): TokenData {
  const text = token.trim();
  if (!text.startsWith(TOKEN_PREFIX)) {
    throw new ScheduleTokenError(
      `not a spindle schedule token: tokens start with "${TOKEN_PREFIX}" (use failure.schedule, or the token in the replay(...) line of the failure message)`,
    );
  }
  const body = text.slice(TOKEN_PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) {
    throw new ScheduleTokenError(
      "the schedule token has characters no token contains (only A-Z, a-z, 0-9, - and _ follow the prefix): was it cut or changed when copied? Nothing was run",
    );
  }
  const bytes = [...Buffer.from(body, "base64url")];
  const damaged = () =>
    new ScheduleTokenError(
      "the schedule token is damaged or incomplete (its checksum does not match): copy it again, whole, from the failure message. Nothing was run",
    );
  if (bytes.length < 3) throw damaged();
  const sum = bytes[bytes.length - 2]! | (bytes[bytes.length - 1]! << 8);
  const content = bytes.slice(0, -2);
  if (checksum(content) !== sum) throw damaged();
  let at = 0;
  const byte = () => {
    if (at >= content.length) throw damaged();
    return content[at++]!;
  };
  const varint = () => {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = byte();
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
      if (scale > 2 ** 49) throw damaged();
    }
  };
  const head = byte();
  const kind = KINDS[(head >>> 1) & 7];
  if (kind === undefined || head >>> 5 !== 0) throw damaged();
  const strategy = (head >>> 4) & 1 ? "random" : "pct";
  const depth = varint();
  const seed = varint();
  const run = varint();
  const maxSteps = varint();
  const source = byte() | (byte() << 8);
  const steps = varint();
  const finalHash = byte() | (byte() << 8) | (byte() << 16);
  let deviations: Deviation[] | null = null;
  let bound = 0;
  if ((head & 1) === 1) bound = varint();
  else {
    deviations = [];
    const count = varint();
    let step = 0;
    for (let i = 0; i < count; i++) {
      step += varint();
      const pick = varint();
      const ready = varint();
      if (pick < 1 || pick >= ready) throw damaged();
      deviations.push({ step, pick, ready });
    }
  }
  const checkpoints: Checkpoint[] = [];
  const count = varint();
  let step = 0;
  for (let i = 0; i < count; i++) {
    step += varint();
    checkpoints.push({ step, hash: byte() });
  }
  if (at !== content.length) throw damaged();
  return {
    strategy,
    depth,
    seed,
    run,
    maxSteps,
    source,
    kind,
    steps,
    finalHash,
    deviations,
    bound,
    checkpoints,
  };
}

/** 16 bits of FNV-1a over the bytes. */
function checksum(bytes: readonly number[]): number {
  let h = HASH_START;
  for (const b of bytes) h = hashNumber(h, b);
  return (h ^ (h >>> 16)) & 0xffff;
}
