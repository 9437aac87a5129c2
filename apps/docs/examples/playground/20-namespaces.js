// @title Namespaces, output schemas, handler errors
// @expect 0
// Dotted binding names become namespaces: "inventory.lookup" is tools.inventory.lookup.
const skus = ["KB-101", "MS-220", "ZZ-999"];
const rows = [];
for (const sku of skus) {
  try {
    const item = await tools.inventory.lookup({ sku });
    const usd = await tools.convertCurrency({ amount: item.priceEur, from: "EUR", to: "USD" });
    rows.push({ sku, name: item.name, inStock: item.stock > 0, priceUsd: usd.amount });
  } catch (err) {
    // A handler that throws reaches the guest as HANDLER_ERROR: err.code is the code alone,
    // err.message starts with it ("HANDLER_ERROR: inventory.lookup: …").
    console.warn(`${sku}: ${err.message}`);
  }
}
return rows;
