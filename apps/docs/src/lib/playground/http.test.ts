import { describe, expect, it } from "vitest";
import { jsonResponse, readJsonBody } from "./http.ts";
import { MAX_BODY_BYTES } from "./request.ts";

const post = (body: string, headers: Record<string, string> = {}) =>
  new Request("http://localhost/api/run", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });

async function refusal(request: Request): Promise<{ status: number; errors: string[] }> {
  const read = await readJsonBody(request);
  if (read.ok) throw new Error("expected a refusal");
  return {
    status: read.response.status,
    ...((await read.response.json()) as { errors: string[] }),
  };
}

describe("readJsonBody", () => {
  it("reads a JSON body", async () => {
    expect(await readJsonBody(post('{"code":"return 1"}'))).toEqual({
      ok: true,
      body: { code: "return 1" },
    });
  });

  it("refuses what is not sent as JSON with 415", async () => {
    expect(await refusal(post("{}", { "content-type": "text/plain" }))).toEqual({
      status: 415,
      errors: ["content-type: must be application/json"],
    });
  });

  it("refuses a body that declares or streams too much with 413", async () => {
    const tooLarge = { status: 413, errors: [`body: larger than ${MAX_BODY_BYTES} bytes`] };
    expect(await refusal(post("{}", { "content-length": String(MAX_BODY_BYTES + 1) }))).toEqual(
      tooLarge,
    );
    expect(await refusal(post(`"${"x".repeat(MAX_BODY_BYTES)}"`))).toEqual(tooLarge);
  });

  it("refuses a body that does not parse with 400, saying why", async () => {
    const { status, errors } = await refusal(post("{nope"));
    expect(status).toBe(400);
    expect(errors[0]).toMatch(/^body: not valid JSON \(/);
  });
});

describe("jsonResponse", () => {
  it("is JSON and never cached", async () => {
    const response = jsonResponse(429, { errors: ["busy"] });
    expect(response.status).toBe(429);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ errors: ["busy"] });
  });
});
