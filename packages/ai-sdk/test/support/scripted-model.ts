// A scripted model on the AI SDK's own MockLanguageModelV4: each step either calls a tool
// (with the given input) or answers with text. Records every prompt it received.
import { convertArrayToReadableStream, MockLanguageModelV4 } from "ai/test";

type LanguageModelV4CallOptions = MockLanguageModelV4["doGenerateCalls"][number];
type StreamPart =
  Awaited<ReturnType<MockLanguageModelV4["doStream"]>>["stream"] extends ReadableStream<infer P>
    ? P
    : never;

export type Step = { tool: string; input: unknown } | { text: string };

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};

export interface ScriptedModel {
  model: MockLanguageModelV4;
  /** The options of every model call, in order (tools sent, prompt). */
  calls: LanguageModelV4CallOptions[];
}

export function scriptedModel(steps: readonly Step[]): ScriptedModel {
  const queue = [...steps];
  const calls: LanguageModelV4CallOptions[] = [];
  let n = 0;
  function next(options: LanguageModelV4CallOptions): Step {
    calls.push(options);
    const step = queue.shift();
    if (step === undefined) throw new Error("scripted model: no step left");
    return step;
  }
  const model = new MockLanguageModelV4({
    doGenerate: async (options) => {
      const step = next(options);
      n++;
      return "text" in step
        ? {
            content: [{ type: "text", text: step.text }],
            finishReason: { unified: "stop", raw: "stop" },
            usage,
            warnings: [],
          }
        : {
            content: [
              {
                type: "tool-call",
                toolCallId: `call_${n}`,
                toolName: step.tool,
                input: JSON.stringify(step.input),
              },
            ],
            finishReason: { unified: "tool-calls", raw: "tool_calls" },
            usage,
            warnings: [],
          };
    },
    doStream: async (options) => {
      const step = next(options);
      n++;
      const finish = {
        type: "finish" as const,
        usage,
        finishReason:
          "text" in step
            ? { unified: "stop" as const, raw: "stop" }
            : { unified: "tool-calls" as const, raw: "tool_calls" },
      };
      return {
        stream: convertArrayToReadableStream<StreamPart>(
          "text" in step
            ? [
                { type: "stream-start", warnings: [] },
                { type: "text-start", id: "t1" },
                { type: "text-delta", id: "t1", delta: step.text },
                { type: "text-end", id: "t1" },
                finish,
              ]
            : [
                { type: "stream-start", warnings: [] },
                {
                  type: "tool-call",
                  toolCallId: `call_${n}`,
                  toolName: step.tool,
                  input: JSON.stringify(step.input),
                },
                finish,
              ],
        ),
      };
    },
  });
  return { model, calls };
}

/** The tool-result outputs the model received in its last prompt, by tool call id. */
export function toolResultsSeen(options: LanguageModelV4CallOptions | undefined): unknown[] {
  const out: unknown[] = [];
  for (const message of options?.prompt ?? []) {
    if (message.role !== "tool") continue;
    for (const part of message.content) if (part.type === "tool-result") out.push(part.output);
  }
  return out;
}
