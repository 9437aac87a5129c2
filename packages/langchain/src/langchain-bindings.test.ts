import type { BindingContext, BindingDefinition } from "@isobind/core";
import { InvalidOptionsError } from "@isobind/core";
import { ToolMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { RunnableLambda } from "@langchain/core/runnables";
import { DynamicStructuredTool, DynamicTool, StructuredTool, tool } from "@langchain/core/tools";
import { Command } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { z as z3 } from "zod/v3";
import { bindingsFromLangChainTools, type LangChainTool } from "./langchain-bindings.ts";

function ctx(signal: AbortSignal = new AbortController().signal): BindingContext {
  return { signal, name: "test", runId: "run-1", callId: 1, context: undefined };
}

function only(bindings: Record<string, BindingDefinition<never, unknown>>, name: string) {
  const binding = bindings[name];
  if (!binding) throw new Error(`no binding ${name}; got ${Object.keys(bindings).join(", ")}`);
  return binding as unknown as BindingDefinition<unknown, unknown>;
}

const getWeather = tool(async ({ city }) => ({ city, tempF: city === "Paris" ? 61 : 75 }), {
  name: "get_weather",
  description: "Current temperature of a city",
  schema: z.object({ city: z.string().describe("City name") }),
});

class Multiply extends StructuredTool {
  name = "multiply";
  description = "Multiplies two numbers";
  schema = z.object({ a: z.number(), b: z.number() });
  protected async _call(arg: { a: number; b: number }): Promise<number> {
    return arg.a * arg.b;
  }
}

describe("bindingsFromLangChainTools", () => {
  it("converts a zod 4 tool() into a binding with its name, description and JSON Schema", async () => {
    const bindings = bindingsFromLangChainTools([getWeather]);
    expect(Object.keys(bindings)).toEqual(["get_weather"]);
    const binding = only(bindings, "get_weather");
    expect(binding.description).toBe("Current temperature of a city");
    expect(binding.inputSchema).toEqual({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: { city: { type: "string", description: "City name" } },
      required: ["city"],
      additionalProperties: false,
    });
    expect(await binding.handler({ city: "Paris" }, ctx())).toEqual({ city: "Paris", tempF: 61 });
  });

  it("converts a zod 3 DynamicStructuredTool", async () => {
    const add = new DynamicStructuredTool({
      name: "add",
      description: "Adds two numbers",
      schema: z3.object({ a: z3.number(), b: z3.number().optional() }),
      func: async ({ a, b }) => a + (b ?? 0),
    });
    const binding = only(bindingsFromLangChainTools([add]), "add");
    expect(binding.inputSchema).toMatchObject({
      type: "object",
      properties: { a: { type: "number" }, b: { type: "number" } },
      required: ["a"],
    });
    expect(await binding.handler({ a: 2, b: 3 }, ctx())).toBe(5);
  });

  it("passes a JSON Schema tool's schema through as a copy", async () => {
    const schema = {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: { q: { type: "string", minLength: 1 } },
      required: ["q"],
    } as const;
    const search = tool(async (input: unknown) => `results for ${(input as { q: string }).q}`, {
      name: "search",
      description: "Searches",
      schema,
    });
    const binding = only(bindingsFromLangChainTools([search]), "search");
    expect(binding.inputSchema).toEqual(schema);
    expect(binding.inputSchema).not.toBe(schema);
    expect(await binding.handler({ q: "isobind" }, ctx())).toBe("results for isobind");
  });

  it("handles StructuredTool subclasses and string-input DynamicTools", async () => {
    const shout = new DynamicTool({
      name: "shout",
      description: "Upper-cases text",
      func: async (text: string) => text.toUpperCase(),
    });
    const bindings = bindingsFromLangChainTools([new Multiply(), shout]);
    expect(await only(bindings, "multiply").handler({ a: 6, b: 7 }, ctx())).toBe(42);
    const shoutBinding = only(bindings, "shout");
    expect(shoutBinding.inputSchema).toMatchObject({
      type: "object",
      properties: { input: { type: "string" } },
    });
    expect(await shoutBinding.handler({ input: "hi" }, ctx())).toBe("HI");
  });

  it("handles runnable.asTool() results", async () => {
    const double = RunnableLambda.from(async ({ n }: { n: number }) => n * 2).asTool({
      name: "double",
      description: "Doubles n",
      schema: z.object({ n: z.number() }),
    });
    const binding = only(bindingsFromLangChainTools([double]), "double");
    expect(binding.inputSchema).toMatchObject({
      type: "object",
      properties: { n: { type: "number" } },
    });
    expect(await binding.handler({ n: 21 }, ctx())).toBe(42);
  });

  it("prefixes names with the namespace", () => {
    const bindings = bindingsFromLangChainTools([getWeather, new Multiply()], { namespace: "lc" });
    expect(Object.keys(bindings)).toEqual(["lc.get_weather", "lc.multiply"]);
  });

  it("passes the binding's signal to the tool, which sees it abort", async () => {
    const started = Promise.withResolvers<AbortSignal | undefined>();
    const slow = tool(
      async (_input, config: RunnableConfig) => {
        started.resolve(config.signal);
        await new Promise((resolve) => config.signal?.addEventListener("abort", resolve));
        return "late";
      },
      { name: "slow", description: "Waits", schema: z.object({}) },
    );
    const controller = new AbortController();
    const pending = only(bindingsFromLangChainTools([slow]), "slow").handler(
      {},
      ctx(controller.signal),
    );
    const seen = await started.promise;
    expect(seen?.aborted).toBe(false);
    controller.abort(new Error("run ended"));
    await expect(pending).rejects.toThrow("run ended");
    expect(seen?.aborted).toBe(true);
  });

  it("returns the content of a ToolMessage output", async () => {
    const direct = tool(
      async () => new ToolMessage({ content: "from a message", tool_call_id: "x" }),
      {
        name: "direct",
        description: "Returns a ToolMessage",
        schema: z.object({}),
      },
    );
    expect(await only(bindingsFromLangChainTools([direct]), "direct").handler({}, ctx())).toBe(
      "from a message",
    );
  });

  describe("content_and_artifact tools", () => {
    const lookup = tool(async ({ id }) => [`record ${id}`, { id, rows: [1, 2, 3] }], {
      name: "lookup",
      description: "Looks a record up",
      schema: z.object({ id: z.string() }),
      responseFormat: "content_and_artifact",
    });

    it("returns the content alone by default", async () => {
      expect(
        await only(bindingsFromLangChainTools([lookup]), "lookup").handler({ id: "a1" }, ctx()),
      ).toBe("record a1");
    });

    it('returns { content, artifact } with artifacts: "content-and-artifact"', async () => {
      const bindings = bindingsFromLangChainTools([lookup, getWeather], {
        artifacts: "content-and-artifact",
      });
      expect(await only(bindings, "lookup").handler({ id: "a1" }, ctx())).toEqual({
        content: "record a1",
        artifact: { id: "a1", rows: [1, 2, 3] },
      });
      // Tools without artifacts are unaffected.
      expect(await only(bindings, "get_weather").handler({ city: "Rome" }, ctx())).toEqual({
        city: "Rome",
        tempF: 75,
      });
    });
  });

  it("refuses a tool that returns a LangGraph Command", async () => {
    const handoff = tool(async () => new Command({ goto: "elsewhere" }), {
      name: "handoff",
      description: "Hands off",
      schema: z.object({}),
    });
    await expect(
      only(bindingsFromLangChainTools([handoff]), "handoff").handler({}, ctx()),
    ).rejects.toThrow('tool "handoff" returned a LangGraph Command');
  });

  it("passes a tool's error on", async () => {
    const broken = tool(
      async () => {
        throw new Error("upstream is down");
      },
      { name: "broken", description: "Fails", schema: z.object({}) },
    );
    await expect(
      only(bindingsFromLangChainTools([broken]), "broken").handler({}, ctx()),
    ).rejects.toThrow("upstream is down");
  });

  it("reports every problem at once", () => {
    const notATool = { name: "plain", description: "no invoke" };
    const call = () =>
      bindingsFromLangChainTools([getWeather, notATool as unknown as LangChainTool, getWeather], {
        artifacts: "both" as never,
        namespace: "",
      });
    expect(call).toThrow(InvalidOptionsError);
    try {
      call();
    } catch (error) {
      expect((error as InvalidOptionsError).issues).toEqual([
        {
          path: "options.artifacts",
          message: 'must be "content" or "content-and-artifact", got "both"',
        },
        {
          path: "options.namespace",
          message: expect.stringMatching(/^may contain only letters, digits.*; got ""$/),
        },
        {
          path: "tools[1]",
          message:
            "is not a LangChain tool (expected an object with a string `name`, a `schema` and `invoke()`)",
        },
        { path: "tools[2].name", message: 'duplicate binding name "get_weather" (also tools[0])' },
      ]);
    }
  });

  it("rejects a non-array", () => {
    expect(() => bindingsFromLangChainTools(getWeather as unknown as LangChainTool[])).toThrow(
      "tools: must be an array of LangChain tools",
    );
  });
});
