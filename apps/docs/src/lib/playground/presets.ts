/**
 * The playground's ready-made programs: the quickstart's weather program first, then the guest
 * programs in `apps/docs/examples/playground/`. Each of those files starts with header comments
 * the tests hold it to:
 *
 * ```js
 * // @title Parallel calls
 * // @expect 0                 exit code the run must end with
 * // @expectError TIMEOUT      error code, when it must fail
 * // @timeoutMs 1000           timeout the playground sets for it
 * ```
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";
import type { GuestLanguage, RunErrorCode } from "@isobind/core";
import { fromRepo } from "../paths.ts";
import { QUICKSTART_EXAMPLE, quickstartGuestCode } from "../seed.ts";

/** A program the reader can load into the playground. */
export interface Preset {
  /** Stable id (the file name without extension, or `weather`). */
  id: string;
  title: string;
  /** Where the code comes from, relative to the repository root. */
  source: string;
  code: string;
  language: GuestLanguage;
  /** Timeout the playground sets when the preset is loaded. */
  timeoutMs: number;
  /** The exit code a run of it must end with. */
  expectExitCode: number;
  /** The error code a run of it must end with, when it fails on purpose. */
  expectErrorCode?: RunErrorCode;
}

/** The quickstart's `rt.run(code, { timeout: 5000 })`. */
export const SEED_TIMEOUT_MS = 5000;
const PRESET_DIR = "apps/docs/examples/playground";
const HEADER = /^\/\/ @(\w+)\s+(.*)$/;

/** Parses one preset file's header and code. */
export function parsePreset(file: string, text: string): Preset {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const fields = new Map<string, string>();
  let body = 0;
  for (; body < lines.length; body++) {
    const match = HEADER.exec(lines[body] ?? "");
    if (!match) break;
    fields.set(match[1] ?? "", (match[2] ?? "").trim());
  }
  const title = fields.get("title");
  const expect = Number(fields.get("expect"));
  if (!title || !Number.isInteger(expect)) {
    throw new Error(`${file}: needs "// @title …" and "// @expect <exit code>" header lines`);
  }
  const name = file.replace(/^.*\//, "");
  const timeoutMs = Number(fields.get("timeoutMs") ?? SEED_TIMEOUT_MS);
  const expectError = fields.get("expectError");
  return {
    id: name.replace(/\.[jt]s$/, ""),
    title,
    source: file,
    code: `${lines.slice(body).join("\n").trim()}\n`,
    language: name.endsWith(".ts") ? "typescript" : "javascript",
    timeoutMs,
    expectExitCode: expect,
    ...(expectError ? { expectErrorCode: expectError as RunErrorCode } : {}),
  };
}

/** The weather preset followed by the preset files, in file-name order. */
export function loadPresets(): Preset[] {
  const files = readdirSync(fromRepo(PRESET_DIR))
    .filter((name) => /\.[jt]s$/.test(name))
    .sort();
  return [
    {
      id: "weather",
      title: "Weather and calculate",
      source: QUICKSTART_EXAMPLE,
      code: quickstartGuestCode(),
      language: "javascript",
      timeoutMs: SEED_TIMEOUT_MS,
      expectExitCode: 0,
    },
    ...files.map((name) =>
      parsePreset(`${PRESET_DIR}/${name}`, readFileSync(fromRepo(`${PRESET_DIR}/${name}`), "utf8")),
    ),
  ];
}
