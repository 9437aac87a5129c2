// Bindings: host functions the guest calls by name. Schemas are checked before the handler
// runs, dotted names become namespaces, and `rt.bindings` is the name map the guest sees.
import { NodeRuntime } from "@isobind/core";

//#region define
const rt = await NodeRuntime.create({
  bindings: {
    "orders.list": {
      description: "List a customer's orders, newest first",
      inputSchema: {
        type: "object",
        properties: {
          customerId: { type: "string", description: "The customer's id, like c-42" },
          limit: { type: "integer", minimum: 1, maximum: 50 },
        },
        required: ["customerId"],
        additionalProperties: false,
      },
      outputSchema: {
        type: "array",
        items: {
          type: "object",
          properties: { id: { type: "string" }, totalEur: { type: "number" } },
          required: ["id", "totalEur"],
        },
      },
      // Runs on the host. `ctx.signal` aborts when the run ends: pass it to fetch or a driver.
      handler: async (input: { customerId: string; limit?: number }, ctx) => {
        const rows = [
          { id: "o-3", totalEur: 42.5 },
          { id: "o-2", totalEur: 19.5 },
          { id: "o-1", totalEur: 7 },
        ];
        ctx.signal.throwIfAborted();
        return rows.slice(0, input.limit ?? 10);
      },
    },
  },
});
//#endregion

//#region names
for (const binding of rt.bindings) {
  console.log(`${binding.name} -> tools.${binding.path.join(".")}`);
}
//#endregion

//#region guest
const result = await rt.run(`
  const orders = await tools.orders.list({ customerId: "c-42", limit: 2 });
  const same = await callBinding("orders.list", { customerId: "c-42", limit: 2 });
  console.log("both spellings agree:", JSON.stringify(orders) === JSON.stringify(same));
  return orders.reduce((sum, o) => sum + o.totalEur, 0);
`);
console.log(result.stdout.trim());
console.log("value:", result.value);
//#endregion

await rt.dispose();
