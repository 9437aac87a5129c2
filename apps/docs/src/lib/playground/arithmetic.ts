/**
 * A small arithmetic evaluator for the playground's `calculate` binding. The seed example's
 * handler uses `eval`, which is fine for a program that only evaluates its own strings; on a
 * public docs server the expression comes from the reader, so this parses it instead and
 * evaluates numbers, `+ - * / % **`, unary signs and parentheses with JavaScript's own
 * arithmetic (so `14 * 5 / 9` gives the same `7.777777777777778`).
 * @module
 */

const MAX_EXPRESSION_LENGTH = 1000;
const MAX_DEPTH = 100;

type Token = { kind: "num"; value: number; at: number } | { kind: "op"; value: string; at: number };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|(\*\*|[-+*/%()]))/y;
  let at = 0;
  while (at < expression.length) {
    if (/^\s*$/.test(expression.slice(at))) break;
    pattern.lastIndex = at;
    const match = pattern.exec(expression);
    if (!match) {
      const column = at + (/^\s*/.exec(expression.slice(at))?.[0].length ?? 0);
      throw new SyntaxError(`unexpected "${expression[column]}" at column ${column + 1}`);
    }
    const start = match.index + match[0].length - (match[1] ?? match[2] ?? "").length;
    if (match[1] !== undefined) tokens.push({ kind: "num", value: Number(match[1]), at: start });
    else tokens.push({ kind: "op", value: match[2] ?? "", at: start });
    at = pattern.lastIndex;
  }
  return tokens;
}

/**
 * Evaluates an arithmetic expression.
 * @throws SyntaxError saying what was unexpected and at which column.
 */
export function evaluateArithmetic(expression: string): number {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new SyntaxError(`expression is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  }
  const tokens = tokenize(expression);
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (what: string): never => {
    const token = peek();
    throw new SyntaxError(
      token ? `${what} at column ${token.at + 1}, found "${token.value}"` : `${what} at the end`,
    );
  };

  // additive := multiplicative (("+" | "-") multiplicative)*
  const additive = (depth: number): number => {
    let left = multiplicative(depth);
    for (let t = peek(); t?.kind === "op" && (t.value === "+" || t.value === "-"); t = peek()) {
      pos++;
      const right = multiplicative(depth);
      left = t.value === "+" ? left + right : left - right;
    }
    return left;
  };
  // multiplicative := unary (("*" | "/" | "%") unary)*
  const multiplicative = (depth: number): number => {
    let left = unary(depth);
    for (
      let t = peek();
      t?.kind === "op" && (t.value === "*" || t.value === "/" || t.value === "%");
      t = peek()
    ) {
      pos++;
      const right = unary(depth);
      left = t.value === "*" ? left * right : t.value === "/" ? left / right : left % right;
    }
    return left;
  };
  // unary := ("+" | "-") unary | power
  const unary = (depth: number): number => {
    if (depth > MAX_DEPTH) fail("expression nested too deeply");
    const t = peek();
    if (t?.kind === "op" && (t.value === "-" || t.value === "+")) {
      pos++;
      const operand = unary(depth + 1);
      return t.value === "-" ? -operand : operand;
    }
    return power(depth);
  };
  // power := primary ("**" unary)?   (right-associative)
  const power = (depth: number): number => {
    const base = primary(depth);
    const t = peek();
    if (t?.kind === "op" && t.value === "**") {
      pos++;
      return base ** unary(depth + 1);
    }
    return base;
  };
  // primary := number | "(" additive ")"
  const primary = (depth: number): number => {
    const t = peek();
    if (t?.kind === "num") {
      pos++;
      return t.value;
    }
    if (t?.kind === "op" && t.value === "(") {
      pos++;
      const inner = additive(depth + 1);
      const close = peek();
      if (close?.kind !== "op" || close.value !== ")") fail('expected ")"');
      pos++;
      return inner;
    }
    return fail("expected a number or (");
  };

  if (tokens.length === 0) throw new SyntaxError("expression is empty");
  const value = additive(0);
  if (pos < tokens.length) fail("unexpected token");
  return value;
}
