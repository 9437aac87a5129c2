// @title Parallel calls and the timeline
// @expect 0
// Three 300 ms calls in Promise.all finish together: look at the timeline.
const started = Date.now();
const waits = await Promise.all([
  tools.wait({ ms: 300 }),
  tools.wait({ ms: 300 }),
  tools.wait({ ms: 300 }),
]);
const cities = ["London", "Paris", "Sydney"];
const temps = await Promise.all(cities.map((city) => tools.getWeather({ city })));
console.log(`3 waits of 300 ms took about ${Math.round((Date.now() - started) / 100) * 100} ms`);
return {
  waits: waits.map((w) => w.waitedMs),
  warmest: cities[temps.findIndex((t) => t.temp_f === Math.max(...temps.map((x) => x.temp_f)))],
};
