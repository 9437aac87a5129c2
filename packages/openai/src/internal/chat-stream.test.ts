import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { describe, expect, it } from "vitest";
import { collectChatStream } from "./chat-stream.ts";

type Delta = ChatCompletionChunk.Choice.Delta;

function chunk(
  delta: Delta,
  finish: ChatCompletionChunk.Choice["finish_reason"] = null,
): ChatCompletionChunk {
  return {
    id: "chatcmpl-1",
    object: "chat.completion.chunk",
    created: 1,
    model: "gpt-test",
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

async function* from(chunks: ChatCompletionChunk[]): AsyncGenerator<ChatCompletionChunk> {
  yield* chunks;
}

describe("collectChatStream", () => {
  it("assembles interleaved tool-call deltas by index, keeping the argument text unparsed", async () => {
    const completion = await collectChatStream(
      from([
        chunk({
          role: "assistant",
          content: null,
          tool_calls: [
            {
              index: 0,
              id: "call_a",
              type: "function",
              function: { name: "execute_code", arguments: "" },
            },
          ],
        }),
        chunk({
          tool_calls: [
            {
              index: 1,
              id: "call_b",
              type: "function",
              function: { name: "lookup", arguments: '{"id"' },
            },
          ],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"code":"ret' } }] }),
        chunk({ tool_calls: [{ index: 1, function: { arguments: ":1}" } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: "urn 1" } }] }),
        chunk({}, "tool_calls"),
        {
          ...chunk({}),
          choices: [],
          usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
        },
      ]),
    );
    expect(completion).toEqual({
      id: "chatcmpl-1",
      object: "chat.completion",
      created: 1,
      model: "gpt-test",
      usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
      choices: [
        {
          index: 0,
          logprobs: null,
          finish_reason: "tool_calls",
          message: {
            role: "assistant",
            content: null,
            refusal: null,
            tool_calls: [
              {
                id: "call_a",
                type: "function",
                function: { name: "execute_code", arguments: '{"code":"return 1' },
              },
              {
                id: "call_b",
                type: "function",
                function: { name: "lookup", arguments: '{"id":1}' },
              },
            ],
          },
        },
      ],
    });
  });

  it("concatenates text and reports each piece as it arrives", async () => {
    const deltas: string[] = [];
    const completion = await collectChatStream(
      from([
        chunk({ role: "assistant", content: "" }),
        chunk({ content: "Hel" }),
        chunk({ content: "lo" }),
        chunk({}, "stop"),
      ]),
      (d) => deltas.push(d),
    );
    expect(deltas).toEqual(["Hel", "lo"]);
    expect(completion.choices[0]?.message).toEqual({
      role: "assistant",
      content: "Hello",
      refusal: null,
    });
    expect(completion.choices[0]?.finish_reason).toBe("stop");
  });

  it("assembles custom tool calls", async () => {
    const completion = await collectChatStream(
      from([
        chunk({
          tool_calls: [
            { index: 0, id: "c1", type: "custom", custom: { name: "sql", input: "SELE" } },
          ],
        }),
        chunk({ tool_calls: [{ index: 0, custom: { input: "CT 1" } }] }),
        chunk({}, "tool_calls"),
      ]),
    );
    expect(completion.choices[0]?.message.tool_calls).toEqual([
      { id: "c1", type: "custom", custom: { name: "sql", input: "SELECT 1" } },
    ]);
  });

  it("marks a stream cut short as finish_reason length and refuses an empty one", async () => {
    const cut = await collectChatStream(from([chunk({ content: "Hi" })]));
    expect(cut.choices[0]?.finish_reason).toBe("length");
    await expect(collectChatStream(from([]))).rejects.toThrow(/ended without any chunk/);
  });
});
