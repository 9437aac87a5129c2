/**
 * The code tool end to end on a real NodeRuntime: description, input handling, results, discovery.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type BindingInfo,
  createCodeTool,
  DEFAULT_DISCOVERY_THRESHOLD,
  DEFAULT_DISCOVERY_TOKEN_BUDGET,
  InvalidOptionsError,
  NodeRuntime,
  type RunEvent,
} from "../src/index.ts";

let rt: NodeRuntime;
const calls: string[] = [];

beforeAll(async () => {
  rt = await NodeRuntime.create({
    isolation: "in-process",
    poolSize: 1,
    bindings: {
      "get-weather": {
        description: "Look up the current temperature for a city",
        inputSchema: {
          type: "object",
          properties: { city: { type: "string", description: "City name" } },
          required: ["city"],
        },
        outputSchema: {
          type: "object",
          properties: { temp_f: { type: "number" } },
          required: ["temp_f"],
        },
        handler: async (input: { city: string }) => {
          calls.push(`get-weather ${input.city}`);
          return { temp_f: input.city.length * 10 };
        },
      },
      "github.create_issue": {
        description: "Create an issue in a GitHub repository",
        inputSchema: {
          type: "object",
          properties: { repo: { type: "string" }, title: { type: "string" } },
          required: ["repo", "title"],
        },
        handler: async (input: { repo: string; title: string }) => {
          calls.push(`create_issue ${input.title}`);
          return { number: 7, url: `https://github.com/${input.repo}/issues/7` };
        },
      },
      "big-list": {
        description: "Returns many numbers",
        inputSchema: { type: "object", properties: { n: { type: "integer" } }, required: ["n"] },
        handler: (input: { n: number }) => Array.from({ length: input.n }, (_, i) => i),
      },
    },
  });
});

afterAll(async () => {
  await rt.dispose();
});

describe("createCodeTool: the tool", () => {
  it("is named execute_code with a strict { code } input schema", () => {
    const tool = createCodeTool(rt);
    expect(tool.name).toBe("execute_code");
    expect(tool.inputSchema).toEqual({
      type: "object",
      properties: {
        code: { type: "string", description: expect.stringMatching(/^JavaScript to run/) },
      },
      required: ["code"],
      additionalProperties: false,
    });
    expect(createCodeTool(rt, { name: "run_js" }).name).toBe("run_js");
  });

  it("declares every binding with the same paths the guest calls", () => {
    const tool = createCodeTool(rt);
    expect(tool.description).toContain(
      "/** Look up the current temperature for a city */getWeather(input:{/** City name */city:string}):Promise<{temp_f:number}>",
    );
    expect(tool.description).toContain(
      "github:{/** Create an issue in a GitHub repository */createIssue(",
    );
    expect(tool.description).toMatch(
      /^Runs JavaScript, the body of an async function, in a sandbox\./,
    );
    expect(tool.description).not.toContain("$search");
  });

  it("reports every invalid option at once", () => {
    const make = () =>
      createCodeTool(rt, {
        name: "has space",
        discoveryThreshold: -1,
        maxValueChars: 0,
        language: "python" as "javascript",
      });
    expect(make).toThrow(InvalidOptionsError);
    try {
      make();
    } catch (e) {
      expect((e as InvalidOptionsError).issues.map((i) => i.path)).toEqual([
        "name",
        "language",
        "discoveryThreshold",
        "maxValueChars",
      ]);
    }
  });
});

describe("createCodeTool: execute", () => {
  const tool = () => createCodeTool(rt);

  it("runs the code and returns the value as text and structured result", async () => {
    const r = await tool().execute({
      code: "const [a, b] = await Promise.all([tools.getWeather({ city: 'Oslo' }), tools.getWeather({ city: 'Rome' })]);\nconsole.log('fetched');\nreturn { a: a.temp_f, b: b.temp_f };",
    });
    expect(r.isError).toBe(false);
    expect(r.text).toBe('Result: {"a":40,"b":40}\nstdout:\nfetched');
    expect(r.result.value).toEqual({ a: 40, b: 40 });
    expect(r.result.stats.bindingCalls).toBe(2);
  });

  it("accepts the raw JSON argument string of a tool call", async () => {
    const r = await tool().execute(
      JSON.stringify({
        code: "return await tools.github.createIssue({ repo: 'o/r', title: 'x' })",
      }),
    );
    expect(r.result.value).toEqual({ number: 7, url: "https://github.com/o/r/issues/7" });
  });

  it("runs a fenced `export default async` arrow and returns its result", async () => {
    const r = await tool().execute({
      code: "```js\nexport default async () => {\n  const w = await tools.getWeather({ city: 'Lima' });\n  return w.temp_f;\n};\n```",
    });
    expect(r.isError).toBe(false);
    expect(r.result.value).toBe(40);
  });

  it("keeps the line numbers of fenced code in errors", async () => {
    const r = await tool().execute({ code: "```js\nconst a = 1;\nnull.x;\n```" });
    expect(r.isError).toBe(true);
    expect(r.result.error?.line).toBe(3);
    expect(r.text).toMatch(
      /^Error \(GUEST_ERROR\) at line 3: TypeError: Cannot read properties of null/,
    );
  });

  it("reports an uncaught binding failure with code, binding, message and line", async () => {
    const r = await tool().execute({ code: "const x = 1;\nawait tools.getWeather({});" });
    expect(r.isError).toBe(true);
    expect(r.text).toBe(
      "Error (GUEST_ERROR) at line 2: INVALID_INPUT: get-weather: city is required",
    );
  });

  it.each<[string, unknown, RegExp, string]>([
    [
      "input without code",
      { script: "1" },
      /^Invalid input: the tool input has no "code" field/,
      "INVALID_ARGUMENTS",
    ],
    [
      "non-object input",
      42,
      /^Invalid input: the tool input must be an object/,
      "INVALID_ARGUMENTS",
    ],
    [
      "Python",
      { code: "import json\nprint(json.dumps(1))" },
      /looks like Python.*Send JavaScript/s,
      "UNSUPPORTED_LANGUAGE",
    ],
    [
      "a shell command",
      { code: "curl https://example.com" },
      /looks like a shell command/,
      "UNSUPPORTED_LANGUAGE",
    ],
  ])("refuses %s without running anything", async (_label, input, message, code) => {
    const before = calls.length;
    const r = await tool().execute(input);
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(message);
    expect(r.result.exitCode).toBe(1);
    // Never parsed, so not a SYNTAX_ERROR: the code says why it was refused.
    expect(r.result.error).toMatchObject({ code, name: "IsobindError" });
    expect(r.result.stats.bindingCalls).toBe(0);
    expect(calls.length).toBe(before);
  });

  it("runs TypeScript when the tool's language is typescript", async () => {
    const ts = createCodeTool(rt, { language: "typescript" });
    expect(ts.description).toMatch(/^Runs TypeScript \(types are stripped\)/);
    const r = await ts.execute({
      code: "const w: { temp_f: number } = await tools.getWeather({ city: 'Ulm' });\nreturn w.temp_f as number;",
    });
    expect(r.result.value).toBe(30);
  });

  it("runs a ts fence as TypeScript even in a JavaScript tool", async () => {
    const r = await tool().execute({ code: "```ts\nconst n: number = 2;\nreturn n;\n```" });
    expect(r.result.value).toBe(2);
  });

  it("cuts an oversized value with a marker", async () => {
    const small = createCodeTool(rt, { maxValueChars: 50 });
    const r = await small.execute({ code: "return await tools.bigList({ n: 1000 })" });
    expect(r.isError).toBe(false);
    expect(r.text).toMatch(/^Result: \[0,1,2,.{30,50}…\[cut \d+ of \d+ characters of JSON/);
    expect(r.result.value).toHaveLength(1000);
  });

  it("applies its limits, passes the signal and events through", async () => {
    const limited = createCodeTool(rt, { limits: { timeoutMs: 300 } });
    const timedOut = await limited.execute({ code: "while (true) {}" });
    expect(timedOut.result.error?.code).toBe("TIMEOUT");
    expect(timedOut.text).toMatch(/^Error \(TIMEOUT\)/);

    const controller = new AbortController();
    const pending = tool().execute(
      { code: "await new Promise((r) => setTimeout(r, 5000));" },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 50);
    expect((await pending).result.error?.code).toBe("ABORTED");

    const events: RunEvent["type"][] = [];
    await tool().execute(
      { code: "await tools.getWeather({ city: 'a' })" },
      { onEvent: (e) => events.push(e.type) },
    );
    expect(events).toEqual(["binding:start", "binding:end"]);
  });
});

describe("createCodeTool: discovery", () => {
  const tool = () => createCodeTool(rt, { discoveryThreshold: 2 });

  it("switches above the threshold: namespaces and counts instead of declarations", () => {
    expect(DEFAULT_DISCOVERY_THRESHOLD).toBeGreaterThan(3);
    const d = tool().description;
    expect(d).toContain("There are 3 functions (namespaces tools.github (1); 2 directly on tools)");
    expect(d).toContain("$search(query:string|{query:string,limit?:number}):Promise<string[]>");
    expect(d).toContain("$describe(name:string):Promise<string>");
    expect(d).not.toContain("getWeather");
  });

  it("finds bindings with tools.$search and their declarations", async () => {
    const r = await tool().execute({ code: "return await tools.$search('open a github issue')" });
    expect(r.isError).toBe(false);
    expect((r.result.value as string[])[0]).toBe(
      "/** Create an issue in a GitHub repository */tools.github.createIssue(input:{repo:string,title:string}):Promise<unknown>",
    );
    const limited = await tool().execute({
      code: "return await tools.$search({ query: 'temperature city', limit: 1 })",
    });
    // Search hits are outlines: no field docs; `$describe` has the full declaration.
    expect(limited.result.value).toEqual([
      "/** Look up the current temperature for a city */tools.getWeather(input:{city:string}):Promise<{temp_f:number}>",
    ]);
  });

  it("describes one binding and still calls it directly", async () => {
    const r = await tool().execute({
      code: "const d = await tools.$describe('get-weather');\nconst w = await tools.getWeather({ city: 'Bonn' });\nreturn { d, t: w.temp_f };",
    });
    expect(r.result.value).toEqual({
      d: "/** Look up the current temperature for a city */tools.getWeather(input:{/** City name */city:string}):Promise<{temp_f:number}>",
      t: 40,
    });
  });

  it("says how to recover from an unknown name or a bad query", async () => {
    const unknown = await tool().execute({
      code: "return await tools.$describe('github.closeIssue')",
    });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(
      /no function "github\.closeIssue"; closest: github\.createIssue\. Use tools\.\$search/,
    );
    const bad = await tool().execute({ code: "return await tools.$search(42)" });
    expect(bad.text).toMatch(/tools\.\$search takes a query string/);
    // Searches run on the host's thread: a huge query is refused, a huge name not echoed.
    const long = await tool().execute({ code: "return await tools.$search('x'.repeat(5000))" });
    expect(long.text).toMatch(/the query has 5000 characters, at most 1000/);
    const name = await tool().execute({ code: "return await tools.$describe('q'.repeat(5000))" });
    expect(name.text).toMatch(/no function "q{100}…"/);
  });

  it("switches on the declaration's estimated size by default, not on the tool count", () => {
    const wide = (n: number, words: number): BindingInfo[] =>
      Array.from({ length: n }, (_, i) => ({
        name: `tool_${i}`,
        path: [`tool${i}`],
        description: "word ".repeat(words),
        inputSchema: { type: "object", properties: { x: { type: "string" } } },
      }));
    const run = rt.run.bind(rt);
    // Three tools, each declaring some 2,000 tokens: discovery. Sixty tiny ones: in full.
    expect(createCodeTool({ bindings: wide(3, 2000), run }).description).toContain("$search");
    expect(createCodeTool({ bindings: wide(60, 3), run }).description).not.toContain("$search");
    expect(
      createCodeTool({ bindings: wide(3, 2000), run }, { discoveryTokenBudget: 100_000 })
        .description,
    ).not.toContain("$search");
    // The deprecated count still decides when it is given.
    expect(
      createCodeTool({ bindings: wide(60, 3), run }, { discoveryThreshold: 50 }).description,
    ).toContain("$search");
    expect(DEFAULT_DISCOVERY_TOKEN_BUDGET).toBeGreaterThan(1000);
  });

  it("forces a mode, and 'stable' gives the same description for any catalogue", () => {
    const run = rt.run.bind(rt);
    expect(createCodeTool(rt, { mode: "discovery" }).description).toContain(
      "There are 3 functions",
    );
    expect(createCodeTool(rt, { mode: "full", discoveryThreshold: 0 }).description).not.toContain(
      "$search",
    );
    const stable = createCodeTool(rt, { mode: "stable" }).description;
    const other = createCodeTool({ bindings: rt.bindings.slice(0, 1), run }, { mode: "stable" });
    expect(other.description).toBe(stable);
    expect(stable).not.toMatch(/getWeather|github|There are/);
    expect(stable).toContain("$search(query:string|{query:string,limit?:number})");
    expect(() => createCodeTool(rt, { mode: "cached" as "stable" })).toThrow(
      /mode: must be one of "auto", "full", "discovery", "stable", got "cached"/,
    );
  });

  it("keeps the description small for a catalogue of any size", async () => {
    const many: BindingInfo[] = Array.from({ length: 2000 }, (_, i) => ({
      name: `ns${i % 50}.tool_${i}`,
      path: [`ns${i % 50}`, `tool${i}`],
      description: `Tool number ${i} does something useful with a rather long description attached`,
      inputSchema: { type: "object", properties: { x: { type: "string" } } },
    }));
    const fake = { bindings: many, run: rt.run.bind(rt) };
    const d = createCodeTool(fake).description;
    // About 4 characters a token in English: 1,800 characters stays well under 500 tokens.
    expect(d.length).toBeLessThan(1800);
    expect(d).toContain("There are 2000 functions");
    expect(d).toContain("and 20 more");
  });
});

describe("real-world schemas", () => {
  it("reports ajv's unknown-format warning in rt.diagnostics, still declares the format, and never prints it", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await using json = await NodeRuntime.create({
        isolation: "in-process",
        poolSize: 0,
        bindings: {
          "api.post": {
            description: "Send a body",
            inputSchema: {
              type: "object",
              properties: { body: { type: "string", format: "json" } },
              required: ["body"],
            },
            handler: () => ({ ok: true }),
          },
        },
      });
      expect(json.diagnostics).toEqual([
        {
          path: "bindings.api.post.inputSchema",
          message: 'unknown format "json" ignored in schema at path "#/properties/body"',
        },
      ]);
      expect(createCodeTool(json).description).toContain("/** format: json */body:string");
      expect(rt.diagnostics).toEqual([]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});

describe("createCodeTool: context", () => {
  it("hands execute's and resume's context to handlers and policies, never to the guest", async () => {
    const seen: unknown[] = [];
    await using gated = await NodeRuntime.create<{ user: string }>({
      isolation: "in-process",
      poolSize: 0,
      bindings: {
        whoami: {
          description: "Who runs this",
          inputSchema: { type: "object" },
          handler: (_input, ctx) => ctx.context?.user,
        },
        "ops.deploy": {
          description: "Deploy",
          inputSchema: { type: "object" },
          needsApproval: (_input, ctx) => {
            seen.push(ctx.context?.user);
            return true;
          },
          handler: (_input, ctx) => `deployed by ${ctx.context?.user}`,
        },
      },
    });
    const tool = createCodeTool(gated);
    const code =
      "const me = await tools.whoami(); const d = await tools.ops.deploy(); return [me, d, typeof context];";
    const paused = await tool.execute({ code }, { context: { user: "ada" } });
    expect(paused.result.status).toBe("paused");
    if (paused.result.status !== "paused") return;
    const id = paused.result.pending[0]!.id;
    const done = await tool.resume?.(paused.result.continuation, {
      decisions: { [id]: { approved: true } },
      context: { user: "ada" },
    });
    // whoami was answered from the record; the deploy ran with the resumed run's context.
    expect(done?.result.value).toEqual(["ada", "deployed by ada", "undefined"]);
    expect(seen).toEqual(["ada"]);
  });
});

describe("createCodeTool: resume", () => {
  it("resumes a paused run with decisions, keeping the discovery helpers", async () => {
    const ran: string[] = [];
    const gated = await NodeRuntime.create({
      isolation: "in-process",
      poolSize: 1,
      bindings: {
        "ops.deploy": {
          description: "Deploy a service",
          inputSchema: { type: "object", properties: { name: { type: "string" } } },
          needsApproval: "deploys need a person",
          handler: (input: { name: string }) => {
            ran.push(input.name);
            return { deployed: input.name };
          },
        },
      },
    });
    try {
      // Discovery on: the program calls tools.$search before the gated call, so the resumed
      // replay needs the same helpers.
      const tool = createCodeTool(gated, { discoveryThreshold: 0 });
      const code =
        "const found = await tools.$search('deploy'); return [found.length, await tools.ops.deploy({ name: 'api' })];";
      const paused = await tool.execute({ code });
      expect(paused.result.status).toBe("paused");
      expect(paused.text).toContain("waiting: tools.ops.deploy");
      if (paused.result.status !== "paused") return;
      const id = paused.result.pending[0]?.id as string;
      const done = await tool.resume?.(paused.result.continuation, {
        decisions: { [id]: { approved: true } },
      });
      expect(done?.isError).toBe(false);
      expect(done?.result.value).toEqual([1, { deployed: "api" }]);
      expect(ran).toEqual(["api"]);
    } finally {
      await gated.dispose();
    }
  });

  it("throws when the runtime cannot resume", async () => {
    const tool = createCodeTool({ bindings: [], run: rt.run.bind(rt) });
    await expect(tool.resume?.("ibc1.x", { decisions: {} })).rejects.toThrow(
      "the runtime given to createCodeTool has no resume()",
    );
  });
});
