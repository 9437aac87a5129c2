/**
 * The runtime exports of `@isobind/openai`, so that any change to the public surface shows up as a
 * diff of this file's snapshot.
 */
import { expect, it } from "vitest";
import * as surface from "../src/index.ts";

it("keeps the public surface of @isobind/openai", () => {
  expect(Object.keys(surface).sort()).toMatchInlineSnapshot(`
    [
      "OPENAI_TOOL_NAME_PATTERN",
      "bindingsFromOpenAITools",
      "handleChatToolCalls",
      "handleResponsesToolCalls",
      "resumeChatCompletionsLoop",
      "resumeChatToolCalls",
      "resumeResponsesLoop",
      "resumeResponsesToolCalls",
      "runChatCompletionsLoop",
      "runChatToolCalls",
      "runResponsesLoop",
      "runResponsesToolCalls",
      "toChatCompletionTool",
      "toResponsesRunnerFunction",
      "toResponsesTool",
      "toRunnableTool",
    ]
  `);
});
