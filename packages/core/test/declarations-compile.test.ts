/**
 * Generated declarations must be valid TypeScript that the compiler accepts under `strict`, and
 * must describe the bindings precisely enough that wrong calls fail to type-check.
 */
import { readFileSync } from "node:fs";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { toJsPath } from "../src/bindings/names.ts";
import { declareBindingAt, generateDeclarations } from "../src/code-tool/declarations.ts";
import type { BindingInfo } from "../src/types.ts";
import { wideSchemas } from "./fixtures/wide-schemas.ts";

interface FixtureServer {
  server: string;
  tools: {
    name: string;
    description?: string;
    inputSchema: BindingInfo["inputSchema"];
    outputSchema?: BindingInfo["outputSchema"];
  }[];
}

const servers = JSON.parse(
  readFileSync(new URL("./fixtures/mcp-reference-tools.json", import.meta.url), "utf8"),
) as FixtureServer[];

function toBindings(
  tools: {
    name: string;
    description?: string;
    inputSchema: BindingInfo["inputSchema"];
    outputSchema?: BindingInfo["outputSchema"];
  }[],
): BindingInfo[] {
  return tools.map((t) => ({
    name: t.name,
    path: toJsPath(t.name),
    description: t.description ?? "",
    inputSchema: t.inputSchema,
    ...(t.outputSchema === undefined ? {} : { outputSchema: t.outputSchema }),
  }));
}

const realBindings = toBindings(servers.flatMap((s) => s.tools));
const catalogue = toBindings(
  (
    JSON.parse(
      readFileSync(new URL("./fixtures/mcp-catalogue.json", import.meta.url), "utf8"),
    ) as FixtureServer
  ).tools,
);
const wideBindings = toBindings(wideSchemas);

/** Type-checks one virtual file against the ES2023 library under strict options; returns the diagnostics as text. */
function typeCheck(source: string): string[] {
  const fileName = "/virtual/declarations.ts";
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2023.d.ts"],
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) =>
    name === fileName
      ? ts.createSourceFile(name, source, languageVersion, true)
      : getSourceFile(name, languageVersion, onError, shouldCreate);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where =
      d.file !== undefined && d.start !== undefined
        ? `${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: `
        : "";
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

describe("generated declarations compile", () => {
  it("accepts the declaration of the 36 tools of the three reference MCP servers", () => {
    expect(realBindings).toHaveLength(36);
    expect(typeCheck(`${generateDeclarations(realBindings)}\nexport {};`)).toEqual([]);
  });

  it("accepts the declaration of the 182 tools of 11 real MCP servers, with and without output types", () => {
    expect(catalogue).toHaveLength(182);
    expect(typeCheck(`${generateDeclarations(catalogue)}\nexport {};`)).toEqual([]);
    expect(
      typeCheck(`${generateDeclarations(catalogue, { outputTypes: false })}\nexport {};`),
    ).toEqual([]);
  });

  it("types calls into the real catalogue: shared fields and closed empty objects", () => {
    const declarations = generateDeclarations(catalogue);
    // The Kubernetes server's `context` field is declared once and shared.
    expect(declarations).toMatch(
      /type Context=\{\/\*\* Kubeconfig Context[^}]*\*\/context\?:string\};/,
    );
    const good = `${declarations}
async function ok() {
  await tools.kubectlGet({ resourceType: "pods", namespace: "default", context: "kind" });
  await tools.browserNavigate({ url: "https://example.com" });
  await tools.browserClose({});
  await tools.browserClose();
  await tools.createIssue({ owner: "o", repo: "r", title: "t" });
}
export { ok };`;
    expect(typeCheck(good)).toEqual([]);
    const bad: [string, RegExp][] = [
      ["tools.kubectlGet({ namespace: 'x' })", /resourceType/],
      ["tools.kubectlGet({ resourceType: 'pods', context: 1 })", /number.*string|string/],
      ["tools.browserClose({ force: true })", /never|force/],
      ["tools.createIssue({ owner: 'o', title: 't' })", /repo/],
    ];
    for (const [call, message] of bad) {
      const errors = typeCheck(
        `${declarations}\nasync function f() { await ${call}; }\nexport { f };`,
      );
      expect(errors.join("\n"), call).toMatch(message);
    }
  });

  it("accepts the declaration of the wide schema set, with and without output types", () => {
    expect(typeCheck(`${generateDeclarations(wideBindings)}\nexport {};`)).toEqual([]);
    expect(
      typeCheck(`${generateDeclarations(wideBindings, { outputTypes: false })}\nexport {};`),
    ).toEqual([]);
  });

  it("accepts every discovery-style per-binding declaration as a method of tools", () => {
    // `tools.a.b(input:…):R` is shown to the model; as a member `b(input:…):R` it must compile too.
    const members = [...realBindings, ...wideBindings, ...catalogue].map((b) =>
      declareBindingAt(b).replace(/tools(\.[A-Za-z0-9_$]+)*\.(?=[A-Za-z_$][A-Za-z0-9_$]*\()/, ""),
    );
    expect(typeCheck(`declare const t:{${members.join(";")}};\nexport {};`)).toEqual([]);
  });

  it("types correct calls and rejects wrong ones", async () => {
    const declarations = generateDeclarations([...realBindings, ...wideBindings]);
    const good = `${declarations}
async function ok() {
  const made: { entities: { name: string; entityType: string; observations: string[] }[] } =
    await tools.createEntities({ entities: [{ name: "a", entityType: "b", observations: [] }] });
  const file: { content: string } = await tools.readTextFile({ path: "/x", head: 3 });
  await tools.getEnv({});
  await tools.getAnnotatedMessage({ messageType: "debug" });
  const issue = await tools.github.createIssue({ owner: "o", repo: "r", title: "t", state: "closed", milestone: null });
  const n: number = issue.number;
  await tools.stripe.createPayment({ amount: 1, currency: "eur", payment_method: { type: "card", card: { number: "4", exp: [1, 2] } } });
  const tree = await tools.fs.tree({ root: "/" });
  const name: string = tree.name;
  await tools.weird.names.deepNest({ when: "2024-01-01" });
  const on: boolean = await tools.primitiveInput("on");
  return [made, file, n, name, on];
}
export { ok };`;
    expect(typeCheck(good)).toEqual([]);

    const bad: [string, RegExp][] = [
      ["tools.readTextFile({})", /path/],
      ["tools.getAnnotatedMessage({ messageType: 'info' })", /"info"/],
      [
        "tools.github.createIssue({ owner: 'o', repo: 'r', title: 't', state: 'merged' })",
        /"merged"/,
      ],
      [
        "tools.stripe.createPayment({ amount: 1, currency: 'eur', payment_method: { type: 'sepa', card: { number: '4' } } })",
        /card|iban/,
      ],
      ["tools.noSuchTool({})", /noSuchTool/],
      ["tools.primitiveInput('maybe')", /"maybe"/],
    ];
    for (const [call, message] of bad) {
      const errors = typeCheck(
        `${declarations}\nasync function f() { await ${call}; }\nexport { f };`,
      );
      expect(errors.join("\n"), call).toMatch(message);
    }
  });
});
