// @title Binding errors the guest can catch
// @expect 0
// Bad input is rejected before the handler runs; the permission policy denies admin.*.
const attempts = {
  missingField: () => callBinding("get-weather", {}),
  wrongType: () => tools.convertCurrency({ amount: "ten", from: "EUR", to: "USD" }),
  denied: () => tools.admin.deleteUser({ id: "u-1" }),
  unknown: () => callBinding("send-email", { to: "someone@example.com" }),
};
const seen = {};
for (const [name, attempt] of Object.entries(attempts)) {
  try {
    await attempt();
    seen[name] = "succeeded";
  } catch (err) {
    seen[name] = err.code;
  }
}
return seen;
