// Permissions: a policy consulted on every call, after input validation and before the handler.
import { NodeRuntime } from "@isobind/core";

const deleted: string[] = [];

//#region policy
const rt = await NodeRuntime.create({
  bindings: {
    "users.get": {
      description: "Fetch a user by id",
      inputSchema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
      handler: (input: { id: string }) => ({ id: input.id, name: "Ada" }),
    },
    "users.delete": {
      description: "Delete a user by id",
      inputSchema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
      handler: (input: { id: string }) => {
        deleted.push(input.id);
        return { deleted: input.id };
      },
    },
  },
  permissions: {
    // Return true to allow. Anything else (false, a throw, a rejected promise) denies.
    binding: (request) => request.name !== "users.delete",
  },
});
//#endregion

//#region guest
const result = await rt.run(`
  const user = await tools.users.get({ id: "u-1" });
  try {
    await tools.users.delete({ id: user.id });
  } catch (err) {
    console.log("caught", err.code, "-", err.message);
  }
  return user;
`);
console.log(result.stdout.trim());
console.log("value:", JSON.stringify(result.value));
console.log("handler ran for:", deleted.length === 0 ? "nobody" : deleted.join(", "));
//#endregion

await rt.dispose();
