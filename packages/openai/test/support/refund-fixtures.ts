// API responses (in the shape the real API sends) whose code calls the shared approval-gated
// refund bindings (@isobind/test-fixtures), for the approvals tests.
import type { Exchange } from "./replay-server.ts";

export function chatToolCallResponse(
  calls: { id: string; name: string; args: unknown }[],
): Exchange {
  return {
    request: { method: "POST", path: "/v1/chat/completions" },
    response: {
      status: 200,
      body: {
        id: "chatcmpl-1",
        object: "chat.completion",
        created: 1764000000,
        model: "gpt-4.1",
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: null,
              refusal: null,
              tool_calls: calls.map((c) => ({
                id: c.id,
                type: "function",
                function: { name: c.name, arguments: JSON.stringify(c.args) },
              })),
            },
            logprobs: null,
            finish_reason: "tool_calls",
          },
        ],
      },
    },
  };
}

export function chatAnswer(text: string): Exchange {
  return {
    request: { method: "POST", path: "/v1/chat/completions" },
    response: {
      status: 200,
      body: {
        id: "chatcmpl-2",
        object: "chat.completion",
        created: 1764000001,
        model: "gpt-4.1",
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: text, refusal: null },
            logprobs: null,
            finish_reason: "stop",
          },
        ],
      },
    },
  };
}

function response(id: string, output: unknown[]): Exchange {
  return {
    request: { method: "POST", path: "/v1/responses" },
    response: {
      status: 200,
      body: {
        id,
        object: "response",
        created_at: 1764000040,
        status: "completed",
        error: null,
        incomplete_details: null,
        model: "gpt-4.1",
        output,
        parallel_tool_calls: true,
        tools: [],
      },
    },
  };
}

export function responsesToolCall(id: string, callId: string, code: string): Exchange {
  return response(id, [
    {
      id: `fc_${callId}`,
      type: "function_call",
      status: "completed",
      call_id: callId,
      name: "execute_code",
      arguments: JSON.stringify({ code }),
    },
  ]);
}

export function responsesAnswer(id: string, text: string): Exchange {
  return response(id, [
    {
      id: `msg_${id}`,
      type: "message",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text, annotations: [] }],
    },
  ]);
}
