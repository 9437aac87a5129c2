// @title Approval: pause and resume
// @expect 75
// @expectError PAUSED
// Refunds over 100 EUR need a person's approval: the run pauses and waits for your decision.
// Approve or deny below; the program is replayed and goes on where it stopped.
const orders = [
  { orderId: "A-1", amount: 40 },
  { orderId: "B-2", amount: 260 },
  { orderId: "C-3", amount: 180 },
];
const results = await Promise.all(
  orders.map((o) =>
    tools.payments.refund(o).catch((err) => ({ orderId: o.orderId, refused: err.message })),
  ),
);
console.log("refunds decided at", new Date(Date.now()).toISOString());
return results;
