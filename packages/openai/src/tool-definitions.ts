/**
 * The code tool in OpenAI's two function-tool formats: Chat Completions (`{ type, function }`)
 * and Responses (flat `{ type, name, parameters, strict }`).
 * @module
 */
import type { CodeTool } from "@isobind/core";
import { InvalidOptionsError } from "@isobind/core";
import { TOOL_NAME_PATTERN, TOOL_NAME_RULE } from "@isobind/core/internal";
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import type { FunctionTool } from "openai/resources/responses/responses";

/** OpenAI function names: letters, digits, `_` and `-`, at most 64 characters (no dots). */
export const OPENAI_TOOL_NAME_PATTERN: RegExp = TOOL_NAME_PATTERN;

/**
 * Throws `InvalidOptionsError` when `name` cannot be an OpenAI function name. The API would
 * reject the whole request with a 400; failing here says which tool and why.
 */
export function assertOpenAIToolName(name: string, where: string): void {
  if (!OPENAI_TOOL_NAME_PATTERN.test(name)) {
    throw new InvalidOptionsError(where, [
      {
        path: "name",
        message: `${JSON.stringify(name)} is not a valid OpenAI function name (${TOOL_NAME_RULE})`,
      },
    ]);
  }
}

/**
 * The code tool as a Chat Completions function tool, with strict mode on. The description is
 * the code tool's own: the TypeScript declaration of every binding (or the discovery
 * instructions for large catalogues).
 *
 * @example
 * ```ts
 * const completion = await client.chat.completions.create({
 *   model: "gpt-5",
 *   messages,
 *   tools: [toChatCompletionTool(codeTool)],
 * });
 * ```
 * @throws InvalidOptionsError when the tool's name is not a valid OpenAI function name.
 */
export function toChatCompletionTool(codeTool: CodeTool): ChatCompletionFunctionTool {
  assertOpenAIToolName(codeTool.name, "toChatCompletionTool");
  return {
    type: "function",
    function: {
      name: codeTool.name,
      description: codeTool.description,
      parameters: structuredClone(codeTool.inputSchema) as unknown as Record<string, unknown>,
      strict: true,
    },
  };
}

/**
 * The code tool as a Responses API function tool, with strict mode on.
 *
 * @example
 * ```ts
 * const response = await client.responses.create({
 *   model: "gpt-5",
 *   input,
 *   tools: [toResponsesTool(codeTool)],
 * });
 * ```
 * @throws InvalidOptionsError when the tool's name is not a valid OpenAI function name.
 */
export function toResponsesTool(codeTool: CodeTool): FunctionTool {
  assertOpenAIToolName(codeTool.name, "toResponsesTool");
  return {
    type: "function",
    name: codeTool.name,
    description: codeTool.description,
    parameters: structuredClone(codeTool.inputSchema) as unknown as Record<string, unknown>,
    strict: true,
  };
}
