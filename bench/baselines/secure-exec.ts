/**
 * `secure-exec` (Rivet): V8 isolates run by a native sidecar process, with a virtual OS.
 *
 * Why it is an opt-in install: `secure-exec@latest` (0.3.3) does not install at all (it depends
 * on `@secure-exec/core@0.3.3`, which the registry does not have). 0.2.21 installs, but pulls
 * in the whole agentOS stack (sidecar binaries, coding agents, googleapis…): about 1.2 GB and
 * 346 packages. Making that part of every `pnpm install` of this repository (CI included)
 * would cost more than the comparison is worth, so it lives in its own little project,
 * `bench/baselines/secure-exec/`, installed by `pnpm --filter @isobind/bench
 * bench:install-secure-exec`. When it is not installed the results say so instead of a number.
 *
 * Host functions follow its README: a collection (`tools`) of functions with zod input schemas;
 * the guest calls `tools.getWeather(...)`. `vm.javascript.evaluate` runs each call with fresh
 * JavaScript memory in the VM, so the warm path is an evaluate on one VM.
 */
import { existsSync } from "node:fs";
import { calculate, DESCRIPTIONS, getWeather, seedCode } from "../runtime/seed.ts";
import { type EngineLoad, installedVersion } from "./engine.ts";

const DIR = new URL("./secure-exec/node_modules/", import.meta.url);

/** The slice of the secure-exec API the bench uses (its package is not installed for typecheck). */
interface EvaluationResult {
  outcome: "succeeded" | "failed" | "cancelled" | "timed_out";
  value?: unknown;
  stdout?: string;
  error?: { code: string; message: string };
}
interface SecureExecVm {
  javascript: {
    evaluate(
      source: string,
      options?: { timeoutMs?: number; output?: { capture?: "none" | "stderr" | "all" } },
    ): Promise<EvaluationResult>;
  };
  dispose(): Promise<void>;
}
interface SecureExecModule {
  init(): Promise<void>;
  shutdown(): Promise<void>;
  createVm(options: {
    hostFunctions: Record<string, Record<string, unknown>>;
  }): Promise<SecureExecVm>;
}
interface ZodModule {
  z: {
    object(shape: Record<string, unknown>): { describe(text: string): unknown };
    string(): unknown;
  };
}

const CODE = `(async () => {${seedCode({
  call: (name, input) => `tools.${name === "get-weather" ? "getWeather" : "calculate"}(${input})`,
  giveBack: (expr) => `return ${expr};`,
})}})()`;

/** Loads the secure-exec engine, or explains why it cannot run here. */
export async function loadSecureExec(): Promise<EngineLoad> {
  const version = installedVersion("secure-exec", DIR);
  if (!existsSync(new URL("secure-exec/package.json", DIR))) {
    return {
      ok: false,
      unavailable: {
        id: "secure-exec",
        version: "0.2.21 (not installed)",
        reason:
          "opt-in install (about 1.2 GB) not present: run `pnpm --filter @isobind/bench bench:install-secure-exec`. secure-exec@latest (0.3.3) cannot be installed at all: its dependency @secure-exec/core@0.3.3 is not on the registry.",
      },
    };
  }
  let se: SecureExecModule;
  let zod: ZodModule;
  try {
    se = (await import(new URL("secure-exec/dist/index.js", DIR).href)) as SecureExecModule;
    zod = (await import(new URL("zod/index.js", DIR).href)) as ZodModule;
  } catch (error) {
    return {
      ok: false,
      unavailable: { id: "secure-exec", version, reason: `failed to load: ${String(error)}` },
    };
  }
  const { z } = zod;
  const hostFunctions = {
    tools: {
      getWeather: {
        inputSchema: z.object({ city: z.string() }).describe(DESCRIPTIONS.getWeather),
        execute: (input: unknown) => getWeather(input),
      },
      calculate: {
        inputSchema: z.object({ expression: z.string() }).describe(DESCRIPTIONS.calculate),
        execute: (input: unknown) => calculate(input),
      },
    },
  };
  let started = false;
  return {
    ok: true,
    engine: {
      id: "secure-exec",
      version: `secure-exec ${version} (latest 0.3.3 does not install)`,
      isolation: "V8 isolates in a native sidecar process with a virtual kernel",
      warmPath: "vm.javascript.evaluate on an existing VM (fresh JavaScript memory per call)",
      coldPath: "createVm (shared sidecar already started) + evaluate + vm.dispose",
      async create() {
        if (!started) {
          await se.init();
          started = true;
        }
        const vm = await se.createVm({ hostFunctions });
        return {
          async runSeed() {
            const r = await vm.javascript.evaluate(CODE, {
              timeoutMs: 5000,
              output: { capture: "all" },
            });
            if (r.outcome !== "succeeded") {
              throw new Error(`secure-exec: ${r.outcome}: ${r.error?.code} ${r.error?.message}`);
            }
            return { value: r.value, stdout: r.stdout ?? "" };
          },
          dispose: () => vm.dispose(),
        };
      },
      async shutdown() {
        if (started) await se.shutdown();
      },
    },
  };
}
