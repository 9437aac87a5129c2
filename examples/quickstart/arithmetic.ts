// A safe `calculate` handler: it parses the expression instead of handing it to `eval`, so the
// guest may send any string and gets a number or an error, never the host's `process`.
// Numbers, + - * / % **, unary signs and parentheses, with JavaScript's own arithmetic.
const MAX_LENGTH = 1000;
const MAX_DEPTH = 100;

export function evaluateArithmetic(expression: string): number {
  if (expression.length > MAX_LENGTH) throw new SyntaxError(`longer than ${MAX_LENGTH} characters`);
  const tokens = expression.match(/\d+(\.\d*)?(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?|\*\*|\S/gi) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (what: string): never => {
    const found = peek() === undefined ? "the end" : `"${peek()}"`;
    throw new SyntaxError(`${what}, found ${found} in "${expression}"`);
  };
  // sum := product (("+" | "-") product)*
  const sum = (depth: number): number => {
    let value = product(depth);
    for (let op = peek(); op === "+" || op === "-"; op = peek()) {
      pos++;
      const right = product(depth);
      value = op === "+" ? value + right : value - right;
    }
    return value;
  };
  // product := unary (("*" | "/" | "%") unary)*
  const product = (depth: number): number => {
    let value = unary(depth);
    for (let op = peek(); op === "*" || op === "/" || op === "%"; op = peek()) {
      pos++;
      const right = unary(depth);
      value = op === "*" ? value * right : op === "/" ? value / right : value % right;
    }
    return value;
  };
  // unary := ("+" | "-") unary | atom ("**" unary)?
  const unary = (depth: number): number => {
    if (depth > MAX_DEPTH) fail("nested too deeply");
    const op = peek();
    if (op === "+" || op === "-") {
      pos++;
      const operand = unary(depth + 1);
      return op === "-" ? -operand : operand;
    }
    const base = atom(depth);
    if (peek() !== "**") return base;
    pos++;
    return base ** unary(depth + 1);
  };
  // atom := number | "(" sum ")"
  const atom = (depth: number): number => {
    const token = peek();
    if (token === "(") {
      pos++;
      const value = sum(depth + 1);
      if (peek() !== ")") fail('expected ")"');
      pos++;
      return value;
    }
    if (token === undefined || !/^\.?\d/.test(token)) fail("expected a number or (");
    pos++;
    return Number(token);
  };
  const value = sum(0);
  if (pos < tokens.length) fail("expected an operator");
  return value;
}
