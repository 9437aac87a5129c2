import { InvalidOptionsError, UpstreamError } from "@isobind/core";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { fakeCodeTool } from "../test/support/fake-code-tool.ts";
import { startReplayServer } from "../test/support/replay-server.ts";
import { runChatCompletionsLoop } from "./chat-loop.ts";
import { runResponsesLoop } from "./responses-loop.ts";

// A client whose every request fails: validation must refuse bad options before any request.
const unreachable = new OpenAI({ apiKey: "test", baseURL: "http://127.0.0.1:9/v1", maxRetries: 0 });

async function issuesOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidOptionsError);
  return (error as InvalidOptionsError).issues.map((i) => `${i.path}: ${i.message}`);
}

describe("runChatCompletionsLoop options", () => {
  it("reports every bad option before making a request", async () => {
    const issues = await issuesOf(
      runChatCompletionsLoop(
        unreachable,
        {
          model: "m",
          messages: [],
          tools: [{ type: "function", function: { name: "execute_code" } }],
        },
        // @ts-expect-error: wrong on purpose
        { codeTool: fakeCodeTool(), maxSteps: 0, stream: "yes" },
      ),
    );
    expect(issues).toEqual([
      "maxSteps: must be an integer of at least 1, got 0",
      "stream: must be a boolean, got string",
      'params.tools: already has a tool named "execute_code"; the loop adds the code tool itself',
    ]);
  });
});

describe("runResponsesLoop options", () => {
  it("reports every bad option before making a request", async () => {
    const issues = await issuesOf(
      runResponsesLoop(
        unreachable,
        // @ts-expect-error: wrong on purpose
        { model: "m", input: 42 },
        { codeTool: fakeCodeTool(), chaining: "stateful", maxSteps: 1.5 },
      ),
    );
    expect(issues).toEqual([
      "maxSteps: must be an integer of at least 1, got 1.5",
      "params.input: must be a string or an array of input items",
      'chaining: must be "replay" or "previous_response_id", got "stateful"',
    ]);
  });

  it("rejects when the API reports the response as failed", async () => {
    const server = await startReplayServer([
      {
        request: { method: "POST", path: "/v1/responses" },
        response: {
          status: 200,
          body: {
            id: "resp_failed",
            object: "response",
            created_at: 1764000000,
            status: "failed",
            error: { code: "server_error", message: "The model failed to generate a response." },
            incomplete_details: null,
            model: "gpt-4.1",
            output: [],
            tools: [],
          },
        },
      },
    ]);
    try {
      const client = new OpenAI({ apiKey: "test", baseURL: server.baseURL, maxRetries: 0 });
      const error = await runResponsesLoop(
        client,
        { model: "gpt-4.1", input: "hi" },
        { codeTool: fakeCodeTool() },
      ).catch((e: unknown) => e);
      expect(UpstreamError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        code: "UPSTREAM_ERROR",
        details: { upstream: "OpenAI Responses" },
        message:
          "runResponsesLoop: response resp_failed of step 1 failed (server_error: The model failed to generate a response.)",
      });
    } finally {
      await server.close();
    }
  });

  it("lets API errors reject as they do from the client", async () => {
    const server = await startReplayServer([
      {
        request: { method: "POST", path: "/v1/chat/completions" },
        response: {
          status: 429,
          body: {
            error: {
              message: "Rate limit reached",
              type: "requests",
              param: null,
              code: "rate_limit_exceeded",
            },
          },
        },
      },
    ]);
    try {
      const client = new OpenAI({ apiKey: "test", baseURL: server.baseURL, maxRetries: 0 });
      await expect(
        runChatCompletionsLoop(
          client,
          { model: "gpt-4.1", messages: [{ role: "user", content: "hi" }] },
          { codeTool: fakeCodeTool() },
        ),
      ).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    } finally {
      await server.close();
    }
  });
});
