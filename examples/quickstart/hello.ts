import { NodeRuntime } from "@isobind/core";

const tempC: Record<string, number> = { Paris: 14, Tokyo: 24 };

// A binding is a host function the model's code may call; nothing else on the host is reachable.
await using rt = await NodeRuntime.create({
  bindings: {
    "get-weather": {
      description: "Current temperature of a city, in °C",
      inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      handler: ({ city }: { city: string }) => ({ city, tempC: tempC[city] }),
    },
  },
});

// Code a model wrote: two calls in parallel, a comparison, one value returned.
const result = await rt.run(`
  const [paris, tokyo] = await Promise.all([
    tools.getWeather({ city: "Paris" }),
    tools.getWeather({ city: "Tokyo" }),
  ]);
  return paris.tempC > tokyo.tempC ? paris : tokyo;
`);
console.log(result.value); // { city: 'Tokyo', tempC: 24 }
