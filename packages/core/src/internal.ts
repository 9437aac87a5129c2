/**
 * `@isobind/core/internal`: helpers shared by the isobind adapters (`@isobind/mcp`,
 * `@isobind/openai`, `@isobind/langchain`), so each is written once.
 *
 * **Not a stable API.** It follows the adapters, which are released together with core (one
 * changeset `fixed` group); it may change in any release. Applications use `@isobind/core`.
 * @packageDocumentation
 */

export {
  checkCodeTool,
  checkNamespace,
  codedMessage,
  errorMessage,
  isCodeTool,
  namespacedName,
  TOOL_NAME_PATTERN,
  TOOL_NAME_RULE,
} from "./adapter-kit/adapter-kit.ts";
export { BINDING_NAME_PATTERN, MAX_BINDING_NAME_LENGTH, toJsIdentifier } from "./bindings/names.ts";
export { hasErrorBrand } from "./errors.ts";
