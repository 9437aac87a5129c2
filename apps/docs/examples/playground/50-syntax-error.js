// @title A syntax error
// @expect 1
// @expectError SYNTAX_ERROR
const temps = await Promise.all([
  tools.getWeather({ city: "Tokyo" }),
  tools.getWeather({ city: "Paris" },
]);
return temps;
