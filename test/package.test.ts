// The package as npm ships it (issue 12): what `npm pack` puts in, and a consumer that installs
// the tarball and compiles against it under both module resolutions a user may have.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, posix, resolve } from "node:path";
import { before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const exec = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", ".."); // from dist/test
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

interface PackageJson {
  exports: Record<string, { types: string; default: string }>;
  main: string;
  types: string;
  typesVersions: Record<string, Record<string, string[]>>;
}
let pkg: PackageJson;
/** The paths `npm pack` would put in the tarball. */
let shipped: string[];

before(async () => {
  pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
  // --ignore-scripts: test what the build in dist/ gives (prepack would rebuild it first).
  const { stdout } = await exec(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
  shipped = (JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
});

/** What may ship: the compiled library, the docs and the examples' sources. */
const ALLOWED = [
  /^dist\/src\/.+\.(js|d\.ts|js\.map)$/,
  /^(README|CHANGELOG)\.md$/,
  /^LICENSE$/,
  /^package\.json$/,
  /^docs\/[^/]+\.md$/,
  /^docs\/images\/[^/]+\.png$/,
  /^examples\/[^/]+\.ts$/,
  /^examples\/golden\/[^/]+\.txt$/,
  /^bench\/README\.md$/,
];

test("npm pack ships the library, LICENSE, CHANGELOG, docs and example sources: no tests, benches, fixtures or compiled examples", () => {
  const unexpected = shipped.filter((path) => !ALLOWED.some((rule) => rule.test(path)));
  assert.deepEqual(unexpected, []);
  for (const required of ["LICENSE", "CHANGELOG.md", "README.md", "docs/README.md"]) {
    assert.ok(shipped.includes(required), `${required} is not in the package`);
  }
  const targets = [pkg.main, pkg.types];
  for (const entry of Object.values(pkg.exports)) targets.push(entry.types, entry.default);
  for (const target of targets) {
    assert.ok(shipped.includes(posix.normalize(target)), `${target} is not in the package`);
  }
});

test("every compiled file shipped has its source (no stale build output)", () => {
  const stale = shipped
    .filter((path) => path.startsWith("dist/src/"))
    .map((path) => path.replace(/^dist\//, "").replace(/\.(js|d\.ts|js\.map)$/, ".ts"))
    .filter((source) => !existsSync(join(root, source)));
  assert.deepEqual(stale, [], "delete dist/ and rebuild: these outputs have no source any more");
});

test("source maps carry their sources, so stack traces and debuggers show the TypeScript", async () => {
  const maps = shipped.filter((path) => path.endsWith(".js.map"));
  assert.ok(maps.length > 50);
  for (const path of maps) {
    const map = JSON.parse(await readFile(join(root, path), "utf8")) as {
      sources: string[];
      sourcesContent?: (string | null)[];
    };
    assert.equal(map.sourcesContent?.length, map.sources.length, `${path} has no sourcesContent`);
    const source = resolve(dirname(join(root, path)), map.sources[0]!);
    assert.equal(map.sourcesContent[0], await readFile(source, "utf8"), `${path}: not its source`);
  }
});

test("every relative link in the README and the shipped docs points into the package", async () => {
  const broken: string[] = [];
  for (const doc of shipped.filter((path) => path.endsWith(".md"))) {
    const text = await readFile(join(root, doc), "utf8");
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|mailto:|#)/.test(target!)) continue;
      const path = posix.normalize(posix.join(posix.dirname(doc), target!.replace(/#.*$/, "")));
      const dir = path.endsWith("/") ? path : `${path}/`;
      if (!shipped.some((f) => f === path || f.startsWith(dir))) broken.push(`${doc} -> ${target}`);
    }
  }
  assert.deepEqual(broken, []);
});

test("every subpath in exports has a typesVersions entry (for moduleResolution node10)", () => {
  const mapped = pkg.typesVersions["*"] ?? {};
  for (const [subpath, entry] of Object.entries(pkg.exports)) {
    if (subpath === ".") continue;
    assert.deepEqual(
      mapped[subpath.slice(2)],
      [entry.types],
      `add "${subpath.slice(2)}": ["${entry.types}"] to typesVersions["*"] in package.json`,
    );
  }
});

test("a consumer compiles against the packed tarball with moduleResolution node10 and nodenext, and runs", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "spindle-consumer-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const { stdout } = await exec(
    npm,
    ["pack", "--json", "--ignore-scripts", "--pack-destination", dir],
    { cwd: root, maxBuffer: 16 * 1024 * 1024 },
  );
  const tarball = join(dir, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
  const installed = join(dir, "node_modules", "spindle");
  await mkdir(installed, { recursive: true });
  await exec("tar", ["xzf", tarball, "-C", installed, "--strip-components=1"]);
  // Its dependency and Node's types, as `npm install` would provide them.
  await symlink(join(root, "node_modules", "undici"), join(dir, "node_modules", "undici"), "dir");
  await symlink(join(root, "node_modules", "@types"), join(dir, "node_modules", "@types"), "dir");

  const specifiers = Object.keys(pkg.exports).map((s) =>
    s === "." ? "spindle" : `spindle/${s.slice(2)}`,
  );
  const consumer = [
    ...specifiers.map((s, i) => `import * as m${i} from "${s}";`),
    `import { run, sleep } from "spindle";`,
    `const value: Promise<number> = run(function* () { yield* sleep(0); return 42; });`,
    `const modules = { ${specifiers.map((s, i) => `"${s}": m${i}`).join(", ")} };`,
    `const sizes = Object.entries(modules).map(([name, m]) => [name, Object.keys(m).length]);`,
    "console.log(JSON.stringify({ value: await value, sizes: Object.fromEntries(sizes) }));",
    "",
  ].join("\n");
  await writeFile(join(dir, "consumer.ts"), consumer);
  await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  const options = {
    target: "ES2022",
    lib: ["ES2023"],
    strict: true,
    skipLibCheck: false, // the shipped .d.ts files are checked too
    types: ["node"],
  };
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  for (const [name, resolution] of [
    ["node10", { module: "ESNext", moduleResolution: "node", noEmit: true }],
    ["nodenext", { module: "NodeNext", moduleResolution: "NodeNext", outDir: "out" }],
  ] as const) {
    const config = join(dir, `tsconfig.${name}.json`);
    await writeFile(
      config,
      JSON.stringify({ compilerOptions: { ...options, ...resolution }, files: ["consumer.ts"] }),
    );
    const result = await exec(process.execPath, [tsc, "-p", config], { cwd: dir }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout, failed: true }),
    );
    assert.ok(!("failed" in result), `${name}: the consumer does not compile:\n${result.stdout}`);
  }
  const ran = await exec(process.execPath, [join(dir, "out", "consumer.js")], { cwd: dir });
  const output = JSON.parse(ran.stdout) as { value: number; sizes: Record<string, number> };
  assert.equal(output.value, 42);
  for (const specifier of specifiers) {
    assert.ok((output.sizes[specifier] ?? 0) > 0, `${specifier} exports nothing at run time`);
  }
});
