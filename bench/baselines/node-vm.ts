/**
 * `node:vm`: the floor. No isolation at all (the Node docs: "not a security mechanism"), so
 * whatever isobind costs above this is the price of a real boundary. Each run gets a fresh
 * context, as each isobind run gets a fresh global scope; values cross as JSON copies, as they
 * must in any sandbox that keeps host objects out of the guest.
 */
import vm from "node:vm";
import { calculate, getWeather, type SeedOutcome, seedCode } from "../runtime/seed.ts";
import type { Engine } from "./engine.ts";

const HANDLERS: Record<string, (input: unknown) => unknown> = {
  "get-weather": getWeather,
  calculate,
};

/** The seed program as the body of an async function; `callBinding`/`__return` as in isobind. */
const CODE = `(async () => {${seedCode({
  call: (name, input) => `callBinding(${JSON.stringify(name)}, ${input})`,
  giveBack: (expr) => `globalThis.__return(${expr});`,
})}})()`;

async function runOnce(): Promise<SeedOutcome> {
  let returned: string | undefined;
  const out: string[] = [];
  const sandbox = {
    callBinding: async (name: string, input: unknown) => {
      const handler = HANDLERS[name];
      if (!handler) throw new Error(`UNKNOWN_BINDING: ${name}`);
      return JSON.parse(JSON.stringify(await handler(JSON.parse(JSON.stringify(input)))));
    },
    console: { log: (...args: unknown[]) => out.push(args.map(String).join(" ")) },
    __return: (v: unknown) => {
      returned = JSON.stringify(v);
    },
  };
  const context = vm.createContext(sandbox);
  await new vm.Script(CODE).runInContext(context, { timeout: 5000 });
  return {
    value: returned === undefined ? undefined : JSON.parse(returned),
    stdout: `${out.join("\n")}\n`,
  };
}

/** The `node:vm` engine. */
export const nodeVmEngine: Engine = {
  id: "node:vm",
  version: `node ${process.versions.node}`,
  isolation: "none (same heap and realm tricks reach the host; not a security boundary)",
  warmPath: "vm.createContext + new vm.Script + run, per run",
  async create() {
    return { runSeed: runOnce, dispose: async () => {} };
  },
};
