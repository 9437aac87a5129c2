// @title TypeScript guest code
// @expect 0
// With language "typescript" the types are stripped before the code runs.
interface Reading {
  city: string;
  tempF: number | null;
}
const cities: string[] = ["Tokyo", "London", "Atlantis"];
const readings: Reading[] = [];
for (const city of cities) {
  const { temp_f } = (await tools.getWeather({ city })) as { temp_f: number | null };
  readings.push({ city, tempF: temp_f });
}
const known = readings.filter((r): r is Reading & { tempF: number } => r.tempF !== null);
const { result } = (await tools.calculate({
  expression: `(${known.map((r) => r.tempF).join(" + ")}) / ${known.length}`,
})) as { result: number };
return { readings, averageF: result };
