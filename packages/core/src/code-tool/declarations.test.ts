import { describe, expect, it } from "vitest";
import { toJsPath } from "../bindings/names.ts";
import type { BindingInfo, JsonSchema } from "../types.ts";
import {
  declareBinding,
  declareBindingAt,
  generateDeclarations,
  guestPath,
} from "./declarations.ts";
import { schemaToTs } from "./json-schema-to-ts.ts";

function binding(
  name: string,
  inputSchema: JsonSchema,
  extra: Partial<BindingInfo> = {},
): BindingInfo {
  return { name, path: toJsPath(name), description: `does ${name}`, inputSchema, ...extra };
}

describe("schemaToTs", () => {
  it.each<[string, JsonSchema, string]>([
    ["string", { type: "string" }, "string"],
    ["integer as number", { type: "integer" }, "number"],
    ["true schema", true, "unknown"],
    ["false schema", false, "never"],
    ["empty schema", {}, "unknown"],
    ["string enum as single-quoted literals", { enum: ["a", "b'c"] }, "'a'|'b\\'c'"],
    ["mixed enum", { enum: [1, -2, null, true] }, "1|-2|null|true"],
    ["const object", { const: { kind: "x", n: [1] } }, "{kind:'x',n:[1]}"],
    ["type list with null", { type: ["string", "null"] }, "string|null"],
    ["OpenAPI nullable", { type: "number", nullable: true }, "number|null"],
    ["array of strings", { type: "array", items: { type: "string" } }, "string[]"],
    [
      "array of a union, parenthesised",
      { type: "array", items: { anyOf: [{ type: "string" }, { type: "number" }] } },
      "(string|number)[]",
    ],
    ["array of negative literals", { type: "array", items: { enum: [-1] } }, "(-1)[]"],
    ["array without items", { type: "array" }, "unknown[]"],
    [
      "tuple with optional tail and no rest",
      {
        type: "array",
        prefixItems: [{ type: "string" }, { type: "number" }],
        minItems: 1,
        items: false,
      },
      "[string,number?]",
    ],
    [
      "draft-07 tuple with rest",
      {
        type: "array",
        items: [{ type: "string" }],
        minItems: 1,
        additionalItems: { type: "number" },
      },
      "[string,...number[]]",
    ],
    [
      "required and optional fields",
      {
        type: "object",
        properties: { a: { type: "string" }, b: { type: "number" } },
        required: ["a"],
      },
      "{a:string,b?:number}",
    ],
    [
      "field notes: description, format, default",
      {
        type: "object",
        properties: {
          url: { type: "string", format: "uri", description: "Where", default: "http://x" },
        },
      },
      "{/** Where (format: uri, default: 'http://x') */url?:string}",
    ],
    [
      "a key that is not an identifier",
      {
        type: "object",
        properties: { "content-type": { type: "string" } },
        required: ["content-type"],
      },
      "{'content-type':string}",
    ],
    ["free-form object", { type: "object" }, "{[k:string]:unknown}"],
    // `{}` would accept anything; ajv rejects every key.
    [
      "empty closed object",
      { type: "object", properties: {}, additionalProperties: false },
      "{[k:string]:never}",
    ],
    [
      "number bounds, exclusive bounds and multipleOf",
      {
        type: "object",
        properties: {
          a: { type: "integer", minimum: 1, maximum: 100 },
          b: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1, multipleOf: 0.5 },
          c: { type: "number", minimum: 0, exclusiveMinimum: true },
        },
      },
      "{/** ≥1, ≤100 */a?:number,/** >0, <1, multiple of 0.5 */b?:number,/** >0 */c?:number}",
    ],
    [
      "string and array counts, pattern, unique items and item constraints",
      {
        type: "object",
        properties: {
          s: {
            type: "string",
            description: "Name",
            minLength: 1,
            maxLength: 64,
            pattern: "^[a-z]+$",
          },
          t: { type: "string", minLength: 0, maxLength: 8 },
          l: {
            type: "array",
            items: { type: "string", format: "uri", maxLength: 9 },
            minItems: 1,
            uniqueItems: true,
          },
        },
      },
      "{/** Name (length 1..64, pattern ^[a-z]+$) */s?:string,/** length 0..8 */t?:string,/** ≥1 items, unique, items: format: uri, length ≤9 */l?:string[]}",
    ],
    [
      "propertyNames",
      {
        type: "object",
        properties: {
          headers: {
            type: "object",
            additionalProperties: { type: "string" },
            propertyNames: { pattern: "^x-", maxLength: 20 },
            maxProperties: 5,
          },
        },
      },
      "{/** ≤5 keys, keys: length ≤20, pattern ^x- */headers?:{[k:string]:string}}",
    ],
    [
      "map of numbers",
      { type: "object", additionalProperties: { type: "number" } },
      "{[k:string]:number}",
    ],
    [
      "properties plus typed extras, as an intersection",
      {
        type: "object",
        properties: { id: { type: "string" } },
        additionalProperties: { type: "number" },
      },
      "{id?:string}&{[k:string]:number}",
    ],
    [
      "allOf as an intersection",
      {
        allOf: [
          { type: "object", properties: { a: { type: "string" } } },
          { properties: { b: { type: "number" } } },
        ],
      },
      "{a?:string}&{b?:number}",
    ],
    [
      "oneOf of objects",
      {
        oneOf: [
          { type: "object", properties: { kind: { const: "a" } }, required: ["kind"] },
          { type: "object", properties: { kind: { const: "b" } }, required: ["kind"] },
        ],
      },
      "{kind:'a'}|{kind:'b'}",
    ],
    [
      "anyOf of required-only constraints adds nothing",
      {
        type: "object",
        properties: { a: { type: "string" }, b: { type: "string" } },
        anyOf: [{ required: ["a"] }, { required: ["b"] }],
      },
      // Each member is an object with one required key not in its own properties.
      "{a?:string,b?:string}&({a:unknown}|{b:unknown})",
    ],
    [
      "local $ref into $defs",
      {
        type: "object",
        properties: { home: { $ref: "#/$defs/Address" } },
        required: ["home"],
        $defs: {
          Address: {
            type: "object",
            description: "A postal address",
            properties: { city: { type: "string" } },
          },
        },
      },
      "{/** A postal address */home:{city?:string}}",
    ],
    [
      "a $ref cycle becomes unknown",
      {
        $ref: "#/definitions/Node",
        definitions: {
          Node: {
            type: "object",
            properties: { children: { type: "array", items: { $ref: "#/definitions/Node" } } },
          },
        },
      },
      "{children?:unknown[]}",
    ],
    ["a remote $ref becomes unknown", { $ref: "https://example.com/s.json" }, "unknown"],
    ["a dangling $ref becomes unknown", { $ref: "#/$defs/Missing" }, "unknown"],
    [
      "description with a comment terminator stays inside the comment",
      { type: "object", properties: { a: { type: "string", description: "ends */ here" } } },
      "{/** ends *\\/ here */a?:string}",
    ],
  ])("renders %s", (_label, schema, expected) => {
    expect(schemaToTs(schema)).toBe(expected);
  });

  it("cuts nesting past maxDepth to unknown", () => {
    let schema: JsonSchema = { type: "string" };
    for (let i = 0; i < 5; i++) schema = { type: "array", items: schema };
    expect(schemaToTs(schema, { maxDepth: 3 })).toBe("unknown[][][][]");
    expect(schemaToTs(schema)).toBe("string[][][][][]");
  });

  it("keeps a long default short", () => {
    const out = schemaToTs({
      type: "object",
      properties: { s: { type: "string", default: "x".repeat(200) } },
    });
    expect(out.length).toBeLessThan(100);
    expect(out).toContain("…");
  });

  it.each([
    ["Include images. Defaults to false.", false],
    ["Maximum channels to return (default 100, max 200)", 100],
    ["Image scale. Default is css.", "css"],
    ['Log level. Defaults to "info".', "info"],
    ["Include transcripts. When false (default), a link is shown.", false],
  ])("does not repeat a default the description states: %s", (description, value) => {
    const out = schemaToTs({
      type: "object",
      properties: { f: { description, default: value } },
    });
    expect(out).not.toContain("default:");
    expect(out).toContain(description);
  });

  it.each([
    ["Maximum channels to return (default 10)", 100],
    ["Kubeconfig context (optional - defaults to null)", ""],
    ["Include images.", false],
    ["Retry when false.", false],
    [`Defaults to ${"x".repeat(80)}.`, "x".repeat(80)],
  ])("still notes a default the description does not state: %s", (description, value) => {
    const out = schemaToTs({
      type: "object",
      properties: { f: { description, default: value } },
    });
    expect(out).toContain(
      `default: ${typeof value === "string" ? `'${value.slice(0, 10)}` : value}`,
    );
  });
});

describe("declareBinding", () => {
  it("declares a method with its description once and unknown output", () => {
    const b = binding("get-weather", {
      type: "object",
      properties: { city: { type: "string", description: "City name" } },
      required: ["city"],
    });
    expect(declareBinding({ ...b, description: "Look up the weather" })).toBe(
      "/** Look up the weather */getWeather(input:{/** City name */city:string}):Promise<unknown>",
    );
  });

  it("declares the output type from outputSchema", () => {
    const b = binding(
      "get-weather",
      { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      {
        outputSchema: {
          type: "object",
          properties: { temp_f: { type: ["number", "null"] } },
          required: ["temp_f"],
        },
      },
    );
    expect(declareBinding(b)).toBe(
      "/** does get-weather */getWeather(input:{city:string}):Promise<{temp_f:number|null}>",
    );
    expect(declareBinding(b, { outputTypes: false })).toContain("Promise<unknown>");
  });

  it("makes the input optional when no field is required, since a missing input is sent as {}", () => {
    expect(
      declareBinding(binding("list", { type: "object", properties: { n: { type: "number" } } })),
    ).toBe("/** does list */list(input?:{n?:number}):Promise<unknown>");
    expect(declareBinding(binding("get_env", { type: "object", properties: {} }))).toBe(
      "/** does get_env */getEnv(input?:{}):Promise<unknown>",
    );
  });

  it("declares with the full guest path for discovery", () => {
    const b = binding("github.create_issue", {
      type: "object",
      properties: { title: { type: "string" } },
      required: ["title"],
    });
    expect(guestPath(b)).toBe("tools.github.createIssue");
    expect(declareBindingAt(b)).toBe(
      "/** does github.create_issue */tools.github.createIssue(input:{title:string}):Promise<unknown>",
    );
  });
});

describe("generateDeclarations", () => {
  it("nests dotted names as namespaces, from the same name map as the guest", () => {
    const out = generateDeclarations([
      binding("get-weather", {
        type: "object",
        properties: { city: { type: "string" } },
        required: ["city"],
      }),
      binding("github.create_issue", {
        type: "object",
        properties: { title: { type: "string" } },
        required: ["title"],
      }),
      binding("github.list-repos", { type: "object", properties: {} }),
    ]);
    expect(out).toBe(
      "declare const tools:{/** does get-weather */getWeather(input:{city:string}):Promise<unknown>;" +
        "github:{/** does github.create_issue */createIssue(input:{title:string}):Promise<unknown>;" +
        "/** does github.list-repos */listRepos(input?:{}):Promise<unknown>}}",
    );
  });

  it("declares once a documented field that several inputs repeat word for word", () => {
    const context = { type: "string", description: "Kubeconfig context to use for the command" };
    const out = generateDeclarations([
      binding("get", {
        type: "object",
        properties: { kind: { type: "string" }, context, id: { type: "string" } },
        required: ["kind"],
      }),
      binding("logs", { type: "object", properties: { context, id: { type: "string" } } }),
      binding("scale", { type: "object", properties: { context } }),
      // Same name, another comment: a different field, left in place.
      binding("other", {
        type: "object",
        properties: { context: { type: "string", description: "Something else" } },
      }),
    ]);
    expect(out).toBe(
      "type Context={/** Kubeconfig context to use for the command */context?:string};\n" +
        "declare const tools:{/** does get */get(input:Context&{kind:string,id?:string}):Promise<unknown>;" +
        "/** does logs */logs(input?:Context&{id?:string}):Promise<unknown>;" +
        "/** does scale */scale(input?:Context):Promise<unknown>;" +
        "/** does other */other(input?:{/** Something else */context?:string}):Promise<unknown>}",
    );
  });

  it("declares an object type that repeats once, named after where it first appears", () => {
    const entity = {
      type: "object",
      properties: {
        name: { type: "string", description: "The name of the entity" },
        observations: { type: "array", items: { type: "string" } },
      },
      required: ["name", "observations"],
    };
    const out = generateDeclarations([
      binding("create", {
        type: "object",
        properties: { entities: { type: "array", items: entity } },
        required: ["entities"],
      }),
      binding("update", { type: "object", properties: { entity }, required: ["entity"] }),
      binding(
        "read",
        { type: "object", properties: {} },
        { outputSchema: { type: "array", items: entity } },
      ),
    ]);
    expect(out).toBe(
      "type Entity={/** The name of the entity */name:string,observations:string[]};\n" +
        "declare const tools:{/** does create */create(input:{entities:Entity[]}):Promise<unknown>;" +
        "/** does update */update(input:{entity:Entity}):Promise<unknown>;" +
        "/** does read */read(input?:{}):Promise<Entity[]>}",
    );
    expect(out.match(/The name of the entity/g)).toHaveLength(1);
  });

  it("inlines a type that repeats but is too short to be worth a name", () => {
    const out = generateDeclarations([
      binding("a", { type: "object", properties: { p: { type: "string" } }, required: ["p"] }),
      binding("b", { type: "object", properties: { p: { type: "string" } }, required: ["p"] }),
    ]);
    expect(out).not.toContain("type ");
  });

  it("is deterministic", () => {
    const list = [
      binding("x.one", { type: "object", properties: { a: { enum: ["p", "q"] } } }),
      binding("x.two", {
        type: "object",
        properties: { b: { type: "array", items: { type: "number" } } },
      }),
    ];
    expect(generateDeclarations(list)).toBe(generateDeclarations([...list]));
  });
});
