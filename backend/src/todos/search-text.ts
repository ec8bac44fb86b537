/**
 * Search folding: decomposed (NFD), combining marks stripped, lower-cased, so "Café", "CAFE"
 * and "cafe" all become "cafe". The stored copies of title, description and notes and the
 * query words go through the same function, so they always compare alike.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

export const SEARCH_WORDS_MAX = 10;

/** The distinct words of a query, folded; each must appear somewhere in the todo, in any order. */
export function searchWords(query: string): string[] {
  const words = foldForSearch(query)
    .split(/\s+/u)
    .filter((word) => word.length > 0);
  return [...new Set(words)].slice(0, SEARCH_WORDS_MAX);
}
