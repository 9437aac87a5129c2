// @title A timeout
// @expect 124
// @expectError TIMEOUT
// @timeoutMs 1000
console.log("spinning until the 1000 ms timeout ends the run");
while (true) {}
