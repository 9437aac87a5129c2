/**
 * The bindings the playground's runtime offers: the weather example's `get-weather` and
 * `calculate` (with the quickstart's parsing evaluator, never `eval`), plus a few more that show
 * namespaces, output schemas, parallel calls, handler errors, a permission policy and an
 * approval that pauses the run. All are deterministic and touch nothing outside this file.
 * @module
 */
import type { BindingContext, Bindings, Permissions } from "@isobind/core";
import { evaluateArithmetic } from "../../../../../examples/quickstart/arithmetic.ts";

function readField<T>(input: unknown, field: string, type: string): T {
  if (!input || typeof input !== "object" || Array.isArray(input)) {
    throw new TypeError("binding input must be an object");
  }
  const value = (input as Record<string, unknown>)[field];
  if (typeof value !== type) throw new TypeError(`${field} must be a ${type}`);
  return value as T;
}

const TEMPERATURES_F: Record<string, number> = {
  "San Francisco": 61,
  Tokyo: 75,
  London: 52,
  Paris: 57,
  Sydney: 68,
};

/** Units of currency per 1 EUR (fixed, so results are reproducible). */
const EUR_RATES = { EUR: 1, USD: 1.08, GBP: 0.85, JPY: 162 } as const;
type Currency = keyof typeof EUR_RATES;

const PRODUCTS: Record<string, { name: string; priceEur: number; stock: number }> = {
  "KB-101": { name: "Mechanical keyboard", priceEur: 89, stock: 12 },
  "MS-220": { name: "Wireless mouse", priceEur: 29, stock: 0 },
  "MN-270": { name: "27-inch monitor", priceEur: 249, stock: 4 },
};

function waitFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(new Error("the run ended"));
      },
      { once: true },
    );
  });
}

/** The playground's bindings. */
export const playgroundBindings = {
  "get-weather": {
    description: "Look up the current temperature for a city",
    inputSchema: {
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
    },
    handler: (input: unknown) => {
      const city = readField<string>(input, "city", "string");
      return { temp_f: TEMPERATURES_F[city] ?? null };
    },
  },
  calculate: {
    description: "Evaluate an arithmetic expression: numbers, + - * / % ** and parentheses",
    inputSchema: {
      type: "object",
      properties: { expression: { type: "string" } },
      required: ["expression"],
    },
    handler: (input: unknown) => {
      const expression = readField<string>(input, "expression", "string");
      return { result: evaluateArithmetic(expression) };
    },
  },
  "convert-currency": {
    description: "Convert an amount between EUR, USD, GBP and JPY at fixed demo rates",
    inputSchema: {
      type: "object",
      properties: {
        amount: { type: "number", description: "The amount to convert" },
        from: { type: "string", enum: ["EUR", "USD", "GBP", "JPY"] },
        to: { type: "string", enum: ["EUR", "USD", "GBP", "JPY"] },
      },
      required: ["amount", "from", "to"],
      additionalProperties: false,
    },
    outputSchema: {
      type: "object",
      properties: { amount: { type: "number" }, currency: { type: "string" } },
      required: ["amount", "currency"],
    },
    handler: (input: unknown) => {
      const amount = readField<number>(input, "amount", "number");
      const from = readField<Currency>(input, "from", "string");
      const to = readField<Currency>(input, "to", "string");
      const converted = (amount / EUR_RATES[from]) * EUR_RATES[to];
      return { amount: Math.round(converted * 100) / 100, currency: to };
    },
  },
  "inventory.lookup": {
    description: "Look up a product by SKU (KB-101, MS-220, MN-270); unknown SKUs fail",
    inputSchema: {
      type: "object",
      properties: { sku: { type: "string", pattern: "^[A-Z]{2}-\\d{3}$" } },
      required: ["sku"],
    },
    outputSchema: {
      type: "object",
      properties: {
        sku: { type: "string" },
        name: { type: "string" },
        priceEur: { type: "number" },
        stock: { type: "integer" },
      },
      required: ["sku", "name", "priceEur", "stock"],
    },
    handler: (input: unknown) => {
      const sku = readField<string>(input, "sku", "string");
      const product = PRODUCTS[sku];
      if (!product) throw new Error(`no product with SKU ${sku}`);
      return { sku, ...product };
    },
  },
  wait: {
    description: "Wait the given milliseconds (at most 2000), then resolve; shows parallel calls",
    inputSchema: {
      type: "object",
      properties: { ms: { type: "integer", minimum: 0, maximum: 2000 } },
      required: ["ms"],
    },
    handler: async (input: unknown, ctx: BindingContext) => {
      const ms = readField<number>(input, "ms", "number");
      await waitFor(ms, ctx.signal);
      return { waitedMs: ms };
    },
  },
  "payments.refund": {
    description:
      "Refund an order in EUR; refunds over 100 EUR wait for a person's approval (the run pauses)",
    inputSchema: {
      type: "object",
      properties: {
        orderId: { type: "string" },
        amount: { type: "number", exclusiveMinimum: 0, maximum: 10000 },
      },
      required: ["orderId", "amount"],
      additionalProperties: false,
    },
    needsApproval: (input: { amount: number }) =>
      input.amount > 100 ? `a refund of ${input.amount} EUR is over 100 EUR` : false,
    handler: (input: unknown) => {
      const orderId = readField<string>(input, "orderId", "string");
      const amount = readField<number>(input, "amount", "number");
      return { refunded: amount, orderId, currency: "EUR" };
    },
  },
  "admin.delete-user": {
    description: "Delete a user account (the playground's permission policy denies every call)",
    inputSchema: {
      type: "object",
      properties: { id: { type: "string" } },
      required: ["id"],
    },
    handler: () => {
      throw new Error("unreachable: the permission policy denies this binding");
    },
  },
} satisfies Bindings;

/** Denies `admin.*` bindings, allows the rest: what `PERMISSION_DENIED` looks like. */
export const playgroundPermissions: Permissions = {
  binding: (request) => !request.name.startsWith("admin."),
};
