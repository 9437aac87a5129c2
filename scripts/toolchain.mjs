#!/usr/bin/env node
// Brings the project's toolchain (Node 24 and pnpm, both from the npm registry) into .tools/,
// so a machine with only an older Node and npm can build and test the repo. Plain Node 20
// JavaScript on purpose: it is the first thing that runs, before Node 24 exists here.
//
//   node scripts/toolchain.mjs setup   install toolchain + deps, build, run the demo
//   node scripts/toolchain.mjs test    the whole test suite (installs the toolchain if missing)
//   node scripts/toolchain.mjs pnpm …  any pnpm command under Node 24
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const NODE_VERSION = pkg.toolchain.node;
const PNPM_VERSION = pkg.packageManager.replace(/^pnpm@/, "");
const tools = join(root, ".tools");
const bin = join(tools, "bin");

function nodePackageName() {
  const os = { linux: "linux", darwin: "darwin", win32: "win" }[process.platform];
  const arch = { x64: "x64", arm64: "arm64" }[process.arch];
  if (!os || !arch) fail(`no Node ${NODE_VERSION} package for ${process.platform}/${process.arch}`);
  return `node-${os}-${arch}`;
}

function fail(message) {
  console.error(`[toolchain] ${message}`);
  process.exit(1);
}

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env });
  if (r.error) fail(`${cmd} failed to start: ${r.error.message}`);
  return r.status ?? 1;
}

function installedVersion(name) {
  const file = join(tools, "node_modules", name, "package.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).version : undefined;
}

function ensureToolchain() {
  const nodePkg = nodePackageName();
  if (installedVersion(nodePkg) !== NODE_VERSION || installedVersion("pnpm") !== PNPM_VERSION) {
    console.error(
      `[toolchain] installing node ${NODE_VERSION} and pnpm ${PNPM_VERSION} into .tools/ (npm registry)`,
    );
    mkdirSync(tools, { recursive: true });
    writeFileSync(join(tools, "package.json"), '{ "private": true }\n');
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const status = run(npm, [
      "install",
      "--prefix",
      tools,
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      `${nodePkg}@${NODE_VERSION}`,
      `pnpm@${PNPM_VERSION}`,
    ]);
    if (status !== 0) fail("npm install of the toolchain failed (see above)");
  }
  mkdirSync(bin, { recursive: true });
  const nodeBin = join(tools, "node_modules", nodePkg, "bin", "node");
  const pnpmCjs = join(tools, "node_modules", "pnpm", "bin", "pnpm.cjs");
  // Small shims so `export PATH="$PWD/.tools/bin:$PATH"` gives a contributor both commands.
  writeFileSync(join(bin, "node"), `#!/bin/sh\nexec "${nodeBin}" "$@"\n`);
  writeFileSync(join(bin, "pnpm"), `#!/bin/sh\nexec "${nodeBin}" "${pnpmCjs}" "$@"\n`);
  chmodSync(join(bin, "node"), 0o755);
  chmodSync(join(bin, "pnpm"), 0o755);
  const env = {
    ...process.env,
    PATH: `${bin}${process.platform === "win32" ? ";" : ":"}${process.env.PATH ?? ""}`,
    TURBO_TELEMETRY_DISABLED: "1",
    DO_NOT_TRACK: "1",
    LANGSMITH_TRACING: "false",
  };
  return env;
}

function pnpm(env, args) {
  return run(join(bin, "pnpm"), args, env);
}

const [command = "help", ...rest] = process.argv.slice(2);
const env = ensureToolchain();
let status = 0;
switch (command) {
  case "setup":
    status = pnpm(env, ["install", ...(process.env.CI ? ["--frozen-lockfile"] : [])]);
    if (status === 0) status = pnpm(env, ["run", "build"]);
    if (status === 0) status = pnpm(env, ["run", "demo"]);
    if (status === 0) console.error("\n[toolchain] ready. Run the tests with: npm test");
    break;
  case "test":
    if (!existsSync(join(root, "node_modules", ".modules.yaml"))) {
      status = pnpm(env, ["install", ...(process.env.CI ? ["--frozen-lockfile"] : [])]);
    }
    if (status === 0) status = pnpm(env, ["run", "test:all", ...rest]);
    break;
  case "pnpm":
    status = pnpm(env, rest);
    break;
  default:
    console.error("usage: node scripts/toolchain.mjs setup | test | pnpm <args…>");
    status = command === "help" ? 0 : 1;
}
process.exit(status);
