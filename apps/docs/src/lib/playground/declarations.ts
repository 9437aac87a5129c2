/**
 * The playground bindings' TypeScript declarations, as the code tool's description gives them to
 * a model, laid out for reading beside the editor.
 * @module
 */
import { type BindingInfo, generateDeclarations, toJsPath } from "@isobind/core";
import { prettyDeclarations } from "../pretty-declarations.ts";
import { playgroundBindings } from "./bindings.ts";

/** The declarations of every playground binding, pretty-printed. */
export function playgroundDeclarations(): string {
  const infos: BindingInfo[] = Object.entries(playgroundBindings).map(([name, binding]) => ({
    name,
    path: toJsPath(name),
    description: binding.description,
    inputSchema: binding.inputSchema,
    ...("outputSchema" in binding ? { outputSchema: binding.outputSchema } : {}),
  }));
  return prettyDeclarations(generateDeclarations(infos));
}
