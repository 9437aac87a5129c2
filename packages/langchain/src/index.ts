/**
 * `@isobind/langchain`: Code Mode for LangChain.js. The code tool as a LangChain tool
 * ({@link createCodeModeTool}), and existing LangChain tools as isobind bindings
 * ({@link bindingsFromLangChainTools}).
 * @module
 */

export type { CodeModeArtifact, CodeModeToolInput, CodeModeToolOptions } from "./code-mode-tool.ts";
export { CodeModeTool, createCodeModeTool } from "./code-mode-tool.ts";
export type {
  ArtifactMode,
  ContentAndArtifactResult,
  LangChainBindingsOptions,
  LangChainTool,
} from "./langchain-bindings.ts";
export { bindingsFromLangChainTools } from "./langchain-bindings.ts";
