/**
 * Approvals through real SDK clients of both majors: 2026-07-28 clients (v2 SDK) get
 * `input_required` and resume by retrying; 2025-era clients (v1 SDK, v2 in legacy mode) are
 * asked inline with `elicitation/create`, or told which calls were not executed.
 */
import type { NodeRuntime } from "@isobind/core";
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as HttpTransportV2,
} from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpServing, serveStreamableHttp } from "../src/transports.ts";
import {
  type Answer,
  approvalServer,
  type Ledger,
  modernClient,
  TWO_ROUNDS,
} from "./approvals-helpers.ts";

type ToolResult = {
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

const textOf = (result: unknown) => ((result as ToolResult).content[0]?.text ?? "") as string;

/** A v2 client in manual mode: `input_required` comes back to the test instead of being answered. */
async function manualClient(url: URL): Promise<ClientV2> {
  const client = new ClientV2(
    { name: "manual", version: "1.0.0" },
    {
      capabilities: { elicitation: { form: {} } },
      versionNegotiation: { mode: { pin: "2026-07-28" } },
      inputRequired: { autoFulfill: false },
    },
  );
  await client.connect(new HttpTransportV2(url));
  return client;
}

type InputRequired = {
  resultType: "input_required";
  inputRequests: Record<string, { method: string; params: { message: string } }>;
  requestState: string;
};

/** One raw `tools/call` round; `input_required` is returned, not fulfilled. */
async function round(client: ClientV2, params: Record<string, unknown>): Promise<unknown> {
  return client.request(
    { method: "tools/call", params: { name: "execute_code", ...params } },
    { allowInputRequired: true },
  );
}

const approveAll = (): Answer => ({ action: "accept", content: { approve: true } });

describe("2026-07-28 clients (v2 SDK) over stateless HTTP", () => {
  const ledger: Ledger = [];
  let rt: NodeRuntime;
  let http: HttpServing;

  beforeAll(async () => {
    const made = await approvalServer(ledger);
    rt = made.rt;
    http = await serveStreamableHttp(made.createServer, { port: 0 });
  });
  afterAll(async () => {
    await http?.close();
    await rt?.dispose();
  });

  async function call(answer: (message: string) => Answer, code = TWO_ROUNDS, elicit = true) {
    ledger.length = 0;
    const asked: string[] = [];
    const client = modernClient(answer, asked, elicit);
    await client.connect(new HttpTransportV2(http.url));
    try {
      const result = await client.callTool({ name: "execute_code", arguments: { code } });
      return { result: result as ToolResult, asked, ledger: [...ledger] };
    } finally {
      await client.close();
    }
  }

  it("asks once per pending call, in two rounds, and runs what was approved", async () => {
    const { result, asked, ledger: done } = await call(approveAll);
    expect(result.isError).toBeUndefined();
    expect(textOf(result)).toBe('Result: {"first":{"refunded":250},"second":{"refunded":150}}');
    expect(asked).toHaveLength(2);
    expect(asked[0]).toContain("tools.payments.refund (payments.refund)");
    expect(asked[0]).toContain('{"order":"A1","amount":250}');
    expect(asked[0]).toContain("refund of 250 EUR");
    expect(asked[1]).toContain('"amount":150');
    // The lookup ran once: the resumed runs replayed it from the continuation.
    expect(done).toEqual(["get A1", "refund A1 250", "refund A1 150"]);
    expect(result.structuredContent).toMatchObject({
      status: "completed",
      stats: { replayedCalls: 2 },
    });
  });

  it("refuses a request body over 4 MiB before parsing it", async () => {
    const response = await fetch(http.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({ requestState: "x".repeat(5 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
  });

  it("reports binding calls as progress to a 2026-07-28 client", async () => {
    ledger.length = 0;
    const client = modernClient(approveAll, []);
    await client.connect(new HttpTransportV2(http.url));
    const messages: string[] = [];
    try {
      const result = await client.callTool(
        {
          name: "execute_code",
          arguments: { code: "return await tools.orders.get({ order: 'P' })" },
        },
        { onprogress: (p) => void messages.push(p.message ?? "") },
      );
      expect(textOf(result)).toBe('Result: {"order":"P","total":250}');
      expect(messages).toEqual([
        "call 1: orders.get started",
        expect.stringMatching(/^call 1: orders.get done in \d+ ms$/),
      ]);
    } finally {
      await client.close();
    }
  });

  it("denies with the person's reason, and the guest sees APPROVAL_DENIED", async () => {
    const { result, ledger: done } = await call((message) =>
      message.includes("250")
        ? { action: "accept", content: { approve: false, reason: "too much" } }
        : approveAll(),
    );
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("APPROVAL_DENIED");
    expect(textOf(result)).toContain("too much");
    expect(done).toEqual(["get A1"]);
  });

  it("runs an edited input, validated like the original", async () => {
    const { result, ledger: done } = await call((message) =>
      message.includes("250")
        ? { action: "accept", content: { approve: true, input: '{"order":"A1","amount":90}' } }
        : { action: "decline" },
    );
    expect(textOf(result)).toBe('Result: {"first":{"refunded":90},"second":"APPROVAL_DENIED"}');
    expect(done).toEqual(["get A1", "refund A1 90"]);

    const bad = await call(() => ({
      action: "accept",
      content: { approve: true, input: '{"order":"A1","amount":"lots"}' },
    }));
    // Decisions are checked before anything resumes: the whole answer is refused, nothing ran.
    expect(textOf(bad.result)).toContain("the approval answer could not be applied");
    expect(textOf(bad.result)).toMatch(/decisions\.[^ ]+\.input: does not match/);
    expect(bad.ledger).toEqual(["get A1"]);
  });

  it("tells a client without elicitation which calls did not run", async () => {
    const { result, ledger: done } = await call(approveAll, TWO_ROUNDS, false);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(
      "calls to tools.payments.refund need a person's approval and were not executed",
    );
    expect(result.structuredContent).toMatchObject({ status: "paused", exitCode: 75 });
    expect(result.structuredContent).not.toHaveProperty("continuation");
    expect(done).toEqual(["get A1"]);
  });

  it("refuses a tampered, foreign or reused requestState with an error result, running nothing", async () => {
    ledger.length = 0;
    const client = await manualClient(http.url);
    try {
      const first = (await round(client, { arguments: { code: TWO_ROUNDS } })) as InputRequired;
      expect(first.resultType).toBe("input_required");
      const [id] = Object.keys(first.inputRequests);
      expect(first.inputRequests[id as string]?.method).toBe("elicitation/create");
      const answers = { [id as string]: { action: "accept", content: { approve: true } } };
      const state = first.requestState;
      const flipped = `${state.slice(0, -3)}${state.at(-3) === "A" ? "B" : "A"}${state.slice(-2)}`;
      for (const [requestState, check] of [
        [flipped, "signature"],
        ["not-a-continuation", "format"],
        [`ibc1.${"A".repeat(120)}`, "secret"],
      ] as const) {
        const refused = (await round(client, {
          arguments: { code: "return 'ignored'" },
          inputResponses: answers,
          requestState,
        })) as ToolResult;
        expect(refused.isError).toBe(true);
        expect(textOf(refused)).toContain("INVALID_CONTINUATION");
        expect(textOf(refused)).toContain(`${check} check`);
      }
      // An answer for a call the continuation does not list is refused too.
      const unknown = (await round(client, {
        arguments: {},
        inputResponses: { ...answers, "p-99": { action: "accept", content: { approve: true } } },
        requestState: state,
      })) as ToolResult;
      expect(textOf(unknown)).toContain("decisions.p-99");
      expect(ledger).toEqual(["get A1"]);
      // The real state still works once (the refused attempts did not consume it), and runs the
      // continuation's code whatever the retry's arguments say…
      const second = (await round(client, {
        arguments: { code: "return await tools.payments.refund({ order: 'EVIL', amount: 1 })" },
        inputResponses: answers,
        requestState: state,
      })) as InputRequired;
      expect(second.resultType).toBe("input_required");
      expect(ledger).toEqual(["get A1", "refund A1 250"]);
      // …and only once.
      const again = (await round(client, {
        arguments: {},
        inputResponses: answers,
        requestState: state,
      })) as ToolResult;
      expect(textOf(again)).toContain("CONTINUATION_CONSUMED");
      expect(ledger).toEqual(["get A1", "refund A1 250"]);
    } finally {
      await client.close();
    }
  });
});

describe("2025-era clients over stateless HTTP", () => {
  const ledger: Ledger = [];
  let rt: NodeRuntime;
  let http: HttpServing;

  beforeAll(async () => {
    const made = await approvalServer(ledger);
    rt = made.rt;
    http = await serveStreamableHttp(made.createServer, { port: 0 });
  });
  afterAll(async () => {
    await http?.close();
    await rt?.dispose();
  });

  it("v1 Client: the calls are reported as not executed (a stateless endpoint cannot elicit)", async () => {
    const client = new Client(
      { name: "v1", version: "1.0.0" },
      { capabilities: { elicitation: { form: {} } } },
    );
    await client.connect(new StreamableHTTPClientTransport(http.url));
    try {
      const result = await client.callTool({
        name: "execute_code",
        arguments: { code: TWO_ROUNDS },
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("were not executed");
      expect(ledger).toEqual(["get A1"]);
      const free = await client.callTool({
        name: "execute_code",
        arguments: { code: "return await tools.payments.refund({ order: 'B', amount: 5 })" },
      });
      expect(textOf(free)).toBe('Result: {"refunded":5}');
    } finally {
      await client.close();
    }
  });

  it("v2 Client in legacy mode gets the same 2025-era answer", async () => {
    ledger.length = 0;
    const client = new ClientV2(
      { name: "v2-legacy", version: "1.0.0" },
      { capabilities: { elicitation: { form: {} } } },
    );
    client.setRequestHandler("elicitation/create", () => approveAll());
    await client.connect(new HttpTransportV2(http.url));
    try {
      const result = await client.callTool({
        name: "execute_code",
        arguments: { code: TWO_ROUNDS },
      });
      expect(textOf(result)).toContain("were not executed");
      expect(ledger).toEqual(["get A1"]);
    } finally {
      await client.close();
    }
  });
});

describe("2025-era clients with elicitation, connected directly", () => {
  const ledger: Ledger = [];
  let rt: NodeRuntime;
  let createServer: () => import("@modelcontextprotocol/sdk/server/index.js").Server;

  beforeAll(async () => {
    ({ rt, createServer } = await approvalServer(ledger));
  });
  afterAll(async () => {
    await rt?.dispose();
  });

  async function call(answer: (message: string) => Answer) {
    ledger.length = 0;
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createServer().connect(serverSide);
    const client = new Client(
      { name: "v1-inline", version: "1.0.0" },
      { capabilities: { elicitation: {} } },
    );
    const asked: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params.message);
      return answer(request.params.message);
    });
    await client.connect(clientSide);
    try {
      const result = await client.callTool({
        name: "execute_code",
        arguments: { code: TWO_ROUNDS },
      });
      return { result: result as ToolResult, asked, ledger: [...ledger] };
    } finally {
      await client.close();
    }
  }

  it("approves inline while the run waits: nothing is replayed", async () => {
    const { result, asked, ledger: done } = await call(approveAll);
    expect(textOf(result)).toBe('Result: {"first":{"refunded":250},"second":{"refunded":150}}');
    expect(asked).toHaveLength(2);
    expect(done).toEqual(["get A1", "refund A1 250", "refund A1 150"]);
    expect(result.structuredContent).toMatchObject({ stats: { replayedCalls: 0 } });
  });

  it("denies with a reason and runs an edited input, checked by the schema", async () => {
    const { result, ledger: done } = await call(
      (message): Answer =>
        message.includes("250")
          ? { action: "accept", content: { approve: true, input: '{"order":"A1","amount":80}' } }
          : { action: "accept", content: { approve: false, reason: "one is enough" } },
    );
    expect(textOf(result)).toBe('Result: {"first":{"refunded":80},"second":"APPROVAL_DENIED"}');
    expect(done).toEqual(["get A1", "refund A1 80"]);

    const bad = await call(() => ({
      action: "accept",
      content: { approve: true, input: '{"order":"A1","amount":"lots"}' },
    }));
    expect(textOf(bad.result)).toContain("INVALID_INPUT");
    expect(bad.ledger).toEqual(["get A1"]);
  });
});
