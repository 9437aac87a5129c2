// End-to-end: LangChain's createAgent with LangChain's own fake tool-calling chat model, the
// code tool from createCodeModeTool, and bindings imported from ordinary LangChain tools, on a
// real isobind runtime. No network: the model's replies are scripted.
import type { BindingContext, RunEvent } from "@isobind/core";
import { createCodeTool, NodeRuntime } from "@isobind/core";
import { AIMessage, type BaseMessage, ToolMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { fakeModel } from "@langchain/core/testing";
import { StructuredTool, tool } from "@langchain/core/tools";
import { createAgent } from "langchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  bindingsFromLangChainTools,
  type CodeModeArtifact,
  createCodeModeTool,
} from "../src/index.ts";

const CITIES: Record<string, { tempF: number; population: number }> = {
  Paris: { tempF: 61, population: 2_103_000 },
  Tokyo: { tempF: 75, population: 13_960_000 },
};

/**
 * Holds every call until `expected` calls are in flight at once. If the guest's Promise.all
 * calls ran one after another, the first would wait forever and the run would time out; so a
 * successful run proves they ran in parallel, without measuring time.
 */
function barrier(expected: number) {
  let inFlight = 0;
  let maxInFlight = 0;
  const all = Promise.withResolvers<void>();
  return {
    get maxInFlight() {
      return maxInFlight;
    },
    async enter(signal?: AbortSignal) {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (inFlight >= expected) all.resolve();
      try {
        await Promise.race([
          all.promise,
          new Promise((_, reject) =>
            signal?.addEventListener("abort", () => reject(signal.reason)),
          ),
        ]);
      } finally {
        inFlight -= 1;
      }
    },
  };
}

const lastToolMessage = (messages: BaseMessage[]): ToolMessage => {
  const found = messages.findLast((m) => ToolMessage.isInstance(m));
  if (!found || !ToolMessage.isInstance(found))
    throw new Error("the model was given no ToolMessage");
  return found;
};

const toolMessages = (messages: BaseMessage[]): ToolMessage[] =>
  messages.filter((m): m is ToolMessage => ToolMessage.isInstance(m));

const artifactOf = (message: ToolMessage | undefined): CodeModeArtifact => {
  if (!message?.artifact) throw new Error("the ToolMessage carries no artifact");
  return message.artifact as CodeModeArtifact;
};

// An existing agent's tools, in the three shapes LangChain offers: tool() with zod, tool() with a
// JSON Schema, and a StructuredTool subclass.
let parallel = barrier(4);
const getWeather = tool(
  async ({ city }, config: RunnableConfig) => {
    await parallel.enter(config.signal);
    const data = CITIES[city];
    if (!data) throw new Error(`unknown city: ${city}`);
    return { city, tempF: data.tempF };
  },
  {
    name: "get_weather",
    description: "Current temperature of a city in °F",
    schema: z.object({ city: z.string().describe("City name, e.g. Paris") }),
  },
);
const getPopulation = tool(
  async (input: unknown, config: RunnableConfig) => {
    await parallel.enter(config.signal);
    return CITIES[(input as { city: string }).city]?.population ?? null;
  },
  {
    name: "get_population",
    description: "Population of a city",
    schema: {
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
      additionalProperties: false,
    },
  },
);
class ToCelsius extends StructuredTool {
  name = "to_celsius";
  description = "Converts °F to °C, rounded to one decimal";
  schema = z.object({ f: z.number() });
  protected async _call({ f }: { f: number }): Promise<number> {
    return Math.round(((f - 32) * 5 * 10) / 9) / 10;
  }
}

const waitStarted = Promise.withResolvers<void>();
const wait: { signal?: AbortSignal } = {};
const waitForApproval = tool(
  async (_input, config: RunnableConfig) => {
    wait.signal = config.signal;
    waitStarted.resolve();
    await new Promise((_, reject) =>
      config.signal?.addEventListener("abort", () => reject(config.signal?.reason)),
    );
    return "approved";
  },
  { name: "wait_for_approval", description: "Waits for a human", schema: z.object({}) },
);
const direct: { ctx?: BindingContext } = {};

let rt: NodeRuntime;
beforeAll(async () => {
  rt = await NodeRuntime.create({
    bindings: {
      ...bindingsFromLangChainTools([getWeather, getPopulation, new ToCelsius(), waitForApproval]),
      // A plain isobind binding next to the imported ones, to watch ctx.signal directly.
      "hold-ticket": {
        description: "Holds a ticket until the run ends",
        inputSchema: { type: "object", properties: {}, additionalProperties: false },
        handler: async (_input: unknown, ctx: BindingContext) => {
          direct.ctx = ctx;
          await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
          return "released";
        },
      },
    },
    limits: { timeoutMs: 10_000 },
  });
});
afterAll(async () => {
  await rt?.dispose();
});

const CHAINED = `
const cities = ["Paris", "Tokyo"];
const reports = await Promise.all(cities.map(async (city) => {
  const [weather, population] = await Promise.all([
    tools.getWeather({ city }),
    tools.getPopulation({ city }),
  ]);
  const tempC = await tools.toCelsius({ f: weather.tempF });
  return { city, tempC, population };
}));
console.log("checked " + reports.length + " cities");
return reports;
`;

describe("createCodeModeTool in createAgent", () => {
  it("runs a code tool call that chains imported tools with Promise.all, and the agent finishes", async () => {
    parallel = barrier(4);
    const model = fakeModel()
      .respondWithTools([{ name: "execute_code", args: { code: CHAINED }, id: "call_1" }])
      .respond((messages) => {
        const artifact = lastToolMessage(messages).artifact as CodeModeArtifact;
        const [paris] = artifact.value as { city: string; tempC: number }[];
        return new AIMessage(`Paris is ${paris?.tempC} °C.`);
      });
    const onEventSeen: RunEvent[] = [];
    const callbackSeen: unknown[] = [];
    const codeTool = createCodeModeTool(createCodeTool(rt), {
      onEvent: (event) => onEventSeen.push(event),
    });
    const agent = createAgent({ model, tools: [codeTool] });

    const { messages } = await agent.invoke(
      { messages: [{ role: "user", content: "Compare Paris and Tokyo" }] },
      { callbacks: [{ handleToolEvent: (chunk: unknown) => void callbackSeen.push(chunk) }] },
    );

    expect(messages.map((m) => m.type)).toEqual(["human", "ai", "tool", "ai"]);
    const toolMessage = lastToolMessage(messages);
    expect(toolMessage.tool_call_id).toBe("call_1");
    expect(toolMessage.name).toBe("execute_code");
    expect(toolMessage.status).toBe("success");
    const expected = [
      { city: "Paris", tempC: 16.1, population: 2_103_000 },
      { city: "Tokyo", tempC: 23.9, population: 13_960_000 },
    ];
    const artifact = artifactOf(toolMessage);
    expect(artifact.exitCode).toBe(0);
    expect(artifact.value).toEqual(expected);
    expect(artifact.stdout).toBe("checked 2 cities\n");
    expect(artifact.stats.bindingCalls).toBe(6);
    // The model reads the value and the console output in the content.
    expect(toolMessage.content).toContain("checked 2 cities");
    expect(toolMessage.content).toContain("13960000");
    expect(toolMessage.content).toContain("23.9");
    // The four lookups were in flight together.
    expect(parallel.maxInFlight).toBe(4);
    expect(messages.at(-1)?.content).toBe("Paris is 16.1 °C.");
    expect(model.callCount).toBe(2);
    // Run events reach both the onEvent option and LangChain callback handlers.
    const started = onEventSeen.filter((e) => e.type === "binding:start").map((e) => e.name);
    expect(started.sort()).toEqual([
      "get_population",
      "get_population",
      "get_weather",
      "get_weather",
      "to_celsius",
      "to_celsius",
    ]);
    expect(onEventSeen).toContainEqual(
      expect.objectContaining({ type: "console", text: "checked 2 cities\n" }),
    );
    await expect.poll(() => callbackSeen.length).toBe(onEventSeen.length);
    expect(callbackSeen).toEqual(onEventSeen);
  });

  it("declares the imported tools to the model in the code tool's description", () => {
    const codeTool = createCodeModeTool(createCodeTool(rt));
    expect(codeTool.name).toBe("execute_code");
    expect(createCodeModeTool(createCodeTool(rt, { name: "run_js" })).name).toBe("run_js");
    for (const fragment of ["getWeather", "getPopulation", "toCelsius", "City name, e.g. Paris"]) {
      expect(codeTool.description).toContain(fragment);
    }
  });

  it.each([
    {
      failure: "invalid binding input",
      code: `return await tools.getWeather({ town: "Paris" });`,
      expectInContent: ["INVALID_INPUT", "get_weather", "city is required"],
    },
    {
      failure: "a throwing LangChain tool",
      code: `return await tools.getWeather({ city: "Atlantis" });`,
      expectInContent: ["HANDLER_ERROR", "unknown city: Atlantis"],
    },
    {
      failure: "a guest exception",
      code: `const x = undefined;\nreturn x.tempF;`,
      expectInContent: ["TypeError"],
    },
  ])(
    "shows the model the error of $failure so it can fix its code",
    async ({ code, expectInContent }) => {
      parallel = barrier(1);
      const fixed = `return await tools.getWeather({ city: "Paris" });`;
      const model = fakeModel()
        .respondWithTools([{ name: "execute_code", args: { code }, id: "call_bad" }])
        .respond((messages) => {
          const failed = lastToolMessage(messages);
          // The scripted model only retries when it was told what went wrong.
          const sawError =
            failed.status === "error" &&
            expectInContent.every((s) => String(failed.content).includes(s));
          return sawError
            ? new AIMessage({
                content: "",
                tool_calls: [
                  {
                    name: "execute_code",
                    args: { code: fixed },
                    id: "call_fixed",
                    type: "tool_call",
                  },
                ],
              })
            : new AIMessage("gave up");
        })
        .respond(new AIMessage("done"));
      const agent = createAgent({ model, tools: [createCodeModeTool(createCodeTool(rt))] });

      const { messages } = await agent.invoke({
        messages: [{ role: "user", content: "Weather in Paris?" }],
      });

      const [first, second] = toolMessages(messages);
      expect(first?.status).toBe("error");
      for (const fragment of expectInContent) expect(first?.content).toContain(fragment);
      expect(artifactOf(first).exitCode).toBe(1);
      expect(artifactOf(first).error?.code).toBe("GUEST_ERROR");
      expect(second?.status).toBe("success");
      expect(artifactOf(second).value).toEqual({ city: "Paris", tempF: 61 });
      expect(messages.at(-1)?.content).toBe("done");
    },
  );

  it("reports a run past its time limit to the model as an error result, and the agent goes on", async () => {
    const model = fakeModel()
      .respondWithTools([
        { name: "execute_code", args: { code: "await new Promise(() => {});" }, id: "call_hang" },
      ])
      .respond((messages) => new AIMessage(`saw: ${lastToolMessage(messages).content}`));
    const codeTool = createCodeModeTool(createCodeTool(rt, { limits: { timeoutMs: 300 } }));
    const agent = createAgent({ model, tools: [codeTool] });

    const { messages } = await agent.invoke({ messages: [{ role: "user", content: "Hang" }] });

    const timedOut = lastToolMessage(messages);
    expect(timedOut.status).toBe("error");
    expect(timedOut.content).toContain("TIMEOUT");
    expect(artifactOf(timedOut).exitCode).toBe(124);
    expect(artifactOf(timedOut).error?.code).toBe("TIMEOUT");
    expect(messages.at(-1)?.content).toBe(`saw: ${timedOut.content}`);
  });

  it("ends the run when the signal passed to agent.invoke aborts, and handlers see ctx.signal abort", async () => {
    const code = `return await Promise.all([tools.waitForApproval({}), tools.holdTicket({})]);`;
    const model = fakeModel()
      .respondWithTools([{ name: "execute_code", args: { code }, id: "call_wait" }])
      .respond(new AIMessage("unreachable"));
    const agent = createAgent({ model, tools: [createCodeModeTool(createCodeTool(rt))] });
    const controller = new AbortController();

    const pending = agent.invoke(
      { messages: [{ role: "user", content: "Wait for approval" }] },
      { signal: controller.signal },
    );
    await waitStarted.promise;
    await expect.poll(() => direct.ctx).toBeDefined();
    expect(wait.signal?.aborted).toBe(false);
    expect(direct.ctx?.signal.aborted).toBe(false);
    controller.abort(new Error("user pressed stop"));

    await expect(pending).rejects.toThrow("user pressed stop");
    await expect.poll(() => direct.ctx?.signal.aborted).toBe(true);
    await expect.poll(() => wait.signal?.aborted).toBe(true);
    expect(model.callCount).toBe(1);
  });
});
