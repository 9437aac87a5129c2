#!/usr/bin/env node
// The paste test: every install line and code block a reader would paste from the README files
// and the docs pages (scripts/snippets/extract.mjs says which, and how fragments are marked),
// run in a fresh `npm init -y` project outside the workspace, with the packages installed from
// tarballs packed from this checkout (`pnpm pack`). Checks, and fails on any problem:
//   - each page's install lines name every package its programs import;
//   - one `npm install` of every page's packages works, and the documented
//     `npm install-scripts approve …` command works;
//   - every program exits 0 (or, when it needs an API key, stops with the documented error
//     naming the variable);
//   - `npx isobind-mcp --config servers.json --strict` serves every server of the MCP page's
//     servers.json;
//   - on Node < 24 (the system's /usr/bin/node, when it is one), `npm install @isobind/core`
//     fails with the one line naming Node 24 instead of a native build.
// Needs the packages built (turbo runs build first) and the npm registry.
//   node scripts/check-snippets.mjs [--list] [--keep]
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  extractPage,
  importsOf,
  installedBy,
  packageOf,
  sourceFiles,
} from "./snippets/extract.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = new Set(process.argv.slice(2));
const problems = [];
const log = (line) => console.log(`[snippets] ${line}`);

const pages = sourceFiles(root).map((source) => extractPage(root, source));
for (const page of pages) problems.push(...page.problems);

// Static checks: setup commands are known, installs cover imports, `node x` names a page file.
const SETUP = new Set(["npm init -y", "npm pkg set type=module"]);
const installs = new Set();
const approvals = [];
const cliChecks = [];
for (const page of pages) {
  const installed = new Set();
  const files = new Set(page.snippets.filter((s) => s.kind === "file").map((s) => s.name));
  for (const snippet of page.snippets) {
    if (snippet.kind !== "shell") continue;
    for (const command of snippet.commands) {
      const where = `${page.source}:${snippet.line}: \`${command}\``;
      const packages = installedBy(command);
      const node = /^node\s+(\S+)$/.exec(command);
      if (packages) {
        for (const p of packages) installed.add(p) && installs.add(p);
      } else if (SETUP.has(command)) {
        // run once for the shared project below
      } else if (/^npm install-scripts approve\s/.test(command)) {
        approvals.push(command);
      } else if (node) {
        if (!files.has(node[1])) problems.push(`${where}: no code block on the page is ${node[1]}`);
      } else if (/^npx isobind-mcp\s/.test(command)) {
        cliChecks.push({ page, command });
      } else {
        problems.push(`${where}: not a command this check knows; mark the block fragment`);
      }
    }
  }
  for (const snippet of page.snippets) {
    if (snippet.kind !== "file" || !snippet.run) continue;
    for (const specifier of importsOf(snippet.code)) {
      const pkg = packageOf(specifier);
      if (pkg === undefined) {
        const local = specifier.replace(/^\.\//, "");
        if (specifier.startsWith(".") && !files.has(local)) {
          problems.push(`${page.source}:${snippet.line}: imports ${specifier}, not on the page`);
        }
      } else if (!installed.has(pkg)) {
        problems.push(
          `${page.source}:${snippet.line}: ${snippet.name} imports ${pkg}, which no install line on the page installs`,
        );
      }
    }
  }
}
const allSource = pages.map((p) =>
  p.snippets.flatMap((s) => (s.kind === "shell" ? s.commands : [])),
);
if (!allSource.flat().includes("npm pkg set type=module")) {
  problems.push("no page tells the reader to run `npm pkg set type=module`");
}

if (args.has("--list")) {
  for (const page of pages) {
    for (const s of page.snippets) {
      const what =
        s.kind === "shell"
          ? s.commands.join(" && ")
          : s.kind === "file"
            ? `${s.name}${s.run ? " (run)" : ""}`
            : `skip: ${s.why}`;
      console.log(`${page.source}:${s.line}  ${s.kind}  ${what}`);
    }
  }
  console.log(problems.join("\n"));
  process.exit(problems.length > 0 ? 1 : 0);
}
if (problems.length > 0) fail();

function fail() {
  console.error(
    `\n[snippets] ${problems.length} problem(s):\n${problems.map((p) => `  ✗ ${p}`).join("\n")}`,
  );
  process.exit(1);
}

/** Runs a command to completion; output is kept for the report. */
function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, {
    encoding: "utf8",
    timeout: 600_000,
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
  return {
    status: result.status,
    output: `${result.stdout ?? ""}${result.stderr ?? ""}`,
    error: result.error,
  };
}

const scratch = mkdtempSync(join(tmpdir(), "isobind-snippets-"));
log(`scratch project: ${scratch}`);
const packs = join(scratch, "packs");
mkdirSync(packs);
const tarballs = new Map();
for (const dir of readdirSync(join(root, "packages"))) {
  const packed = run("pnpm", ["pack", "--pack-destination", packs], {
    cwd: join(root, "packages", dir),
  });
  if (packed.status !== 0) {
    problems.push(`pnpm pack in packages/${dir} failed:\n${packed.output}`);
    fail();
  }
}
for (const file of readdirSync(packs)) {
  const m = /^isobind-(.+)-\d+\.\d+\.\d+.*\.tgz$/.exec(file);
  if (m) tarballs.set(`@isobind/${m[1]}`, join(packs, file));
}

const project = join(scratch, "project");
mkdirSync(project);
const npm = (npmArgs, cwd = project) => run("npm", npmArgs, { cwd });
for (const setup of [
  ["init", "-y"],
  ["pkg", "set", "type=module"],
]) {
  const r = npm(setup);
  if (r.status !== 0) problems.push(`npm ${setup.join(" ")}: ${r.output}`);
}
const specs = [...installs].map((p) => tarballs.get(p) ?? p);
log(`npm install ${[...installs].join(" ")}`);
const install = npm(["install", "--no-audit", "--no-fund", ...specs]);
if (install.status !== 0) {
  problems.push(`npm install failed:\n${install.output}`);
  fail();
}
for (const approval of approvals) {
  const r = npm(approval.split(/\s+/).slice(1));
  if (r.status !== 0) problems.push(`\`${approval}\` failed:\n${r.output}`);
  else log(`${approval}: ok`);
}

const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", LANGSMITH_TRACING: "false" };
for (const page of pages) {
  const files = page.snippets.filter((s) => s.kind === "file");
  if (files.length === 0) continue;
  const dir = join(project, page.id);
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.name), f.code);
  for (const f of files.filter((s) => s.run)) {
    const where = `${page.source}:${f.line} (${f.name})`;
    const childEnv = { ...env };
    if (f.needsEnv) delete childEnv[f.needsEnv];
    const r = run(process.execPath, [f.name], { cwd: dir, env: childEnv, timeout: 180_000 });
    if (f.needsEnv) {
      if (r.status !== 0 && r.output.includes(f.needsEnv))
        log(`${where}: stops without ${f.needsEnv}, as documented`);
      else
        problems.push(
          `${where}: without ${f.needsEnv} it should stop naming it; exit ${r.status}:\n${r.output}`,
        );
    } else if (r.status === 0) {
      log(`${where}: ok`);
    } else {
      problems.push(`${where}: exit ${r.status ?? r.error?.message}:\n${r.output}`);
    }
  }
}

for (const { page, command } of cliChecks) {
  const where = `${page.source}: \`${command}\``;
  const result = await serveBriefly(join(project, page.id), command.split(/\s+/).slice(1));
  const connected = [...result.stderr.matchAll(/connected "([^"]+)"/g)].map((m) => m[1]);
  if (result.serving && !/ERROR/.test(result.stderr) && connected.length > 0) {
    log(`${where}: serving, connected ${connected.join(", ")}`);
  } else {
    problems.push(`${where}: did not serve every server:\n${result.stderr}`);
  }
}

/** Starts `npx …` and waits until it says it is serving (then stops it) or exits. */
function serveBriefly(cwd, npxArgs) {
  return new Promise((resolve) => {
    const child = spawn("npx", npxArgs, { cwd, env, stdio: ["pipe", "ignore", "pipe"] });
    let stderr = "";
    const done = (serving) => {
      clearTimeout(timer);
      child.kill("SIGTERM");
      resolve({ serving, stderr });
    };
    const timer = setTimeout(() => done(false), 180_000);
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      stderr += chunk;
      if (/serving "/.test(stderr)) done(true);
    });
    child.on("exit", () => done(false));
  });
}

// Node < 24: the preinstall check must stop the install with one line.
const oldNode = "/usr/bin/node";
const version = run(oldNode, ["--version"]);
const major = Number(/^v(\d+)/.exec(version.output.trim())?.[1]);
if (version.status === 0 && major < 24) {
  const old = join(scratch, "old-node");
  mkdirSync(old);
  const oldEnv = { ...process.env, PATH: `/usr/bin:/bin:${process.env.PATH ?? ""}` };
  run("npm", ["init", "-y"], { cwd: old, env: oldEnv });
  const r = run("npm", ["install", "--no-audit", "--no-fund", tarballs.get("@isobind/core")], {
    cwd: old,
    env: oldEnv,
  });
  const lines = r.output.trim().split("\n");
  if (
    r.status !== 0 &&
    r.output.includes("@isobind/core needs Node.js 24 or later") &&
    !/gyp|g\+\+/.test(r.output) &&
    lines.length < 40
  ) {
    log(
      `Node ${version.output.trim()}: npm install @isobind/core stops with the Node 24 line (${lines.length} lines of npm output)`,
    );
  } else {
    problems.push(
      `on Node ${version.output.trim()} npm install @isobind/core should fail with the Node 24 line; exit ${r.status}:\n${r.output.slice(0, 3000)}`,
    );
  }
} else {
  log(`no Node < 24 at ${oldNode}: the old-Node install check is skipped`);
}

if (!args.has("--keep")) rmSync(scratch, { recursive: true, force: true });
if (problems.length > 0) fail();
log(`all snippets of ${pages.length} files ran`);
