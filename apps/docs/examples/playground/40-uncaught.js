// @title An uncaught binding error fails the run
// @expect 1
// @expectError GUEST_ERROR
// Nothing catches this INVALID_INPUT, so the run fails with the binding's code and name.
const sf = await tools.getWeather({ city: "San Francisco" });
console.log("San Francisco:", sf);
await tools.calculate({ expr: "1 + 1" });
