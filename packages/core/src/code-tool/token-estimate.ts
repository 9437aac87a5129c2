/**
 * A cheap, dependency-free estimate of how many tokens a text costs a model, for deciding when a
 * declaration is too large to send in full. Calibrated on o200k_base (the GPT-4o/GPT-5 family
 * tokenizer) over the declarations of the 182-tool benchmark catalogue; `pnpm bench:tokens`
 * reports its error against the real tokenizer. Other tokenizers (Claude's, Gemini's) differ by
 * some ten percent either way, which is fine for a budget.
 * @module
 */

/** Words (split at camelCase humps), digit groups, punctuation runs, whitespace. */
const PIECES = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]{1,3}|[^\sA-Za-z0-9]+|\s+/g;

/**
 * Estimated o200k_base tokens of `text`: one per word piece of up to ten letters (longer ones
 * split), one per digit group, one per three punctuation characters, and whitespace folded into
 * the word after it (as BPE vocabularies do with ` word`), except line breaks.
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const [piece] of text.matchAll(PIECES)) {
    const c = piece.charCodeAt(0);
    if (c === 32 || c === 9) continue;
    if (c === 10 || c === 13) tokens += 1;
    else if (isLetter(c)) tokens += Math.ceil(piece.length / 10);
    else if (c >= 48 && c <= 57) tokens += 1;
    else tokens += Math.ceil(piece.length / 3);
  }
  return tokens;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
