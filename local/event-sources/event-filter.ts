/**
 * Lambda event filtering (`FilterCriteria`): a record reaches the function when it matches at
 * least one filter pattern. A pattern is an object whose keys follow the record's fields; a leaf
 * is a list of accepted values or conditions (prefix, suffix, anything-but, numeric, exists,
 * equals-ignore-case), and every key of a pattern must match.
 */
export type FilterPattern = Record<string, unknown>;

export function parseFilterCriteria(criteria: unknown): FilterPattern[] {
  const filters = (criteria as { Filters?: { Pattern?: unknown }[] } | undefined)?.Filters ?? [];
  return filters.map(
    (f) => (typeof f.Pattern === 'string' ? JSON.parse(f.Pattern) : f.Pattern) as FilterPattern,
  );
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function numericMatches(rule: unknown[], value: unknown): boolean {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  if (Number.isNaN(n)) return false;
  for (let i = 0; i + 1 < rule.length; i += 2) {
    const bound = Number(rule[i + 1]);
    const ok = { '<': n < bound, '<=': n <= bound, '=': n === bound, '>': n > bound, '>=': n >= bound }[
      String(rule[i]) as '<'
    ];
    if (!ok) return false;
  }
  return true;
}

function conditionMatches(condition: unknown, value: unknown): boolean {
  if (!isObject(condition)) return condition === value;
  if ('prefix' in condition) {
    const p = condition.prefix;
    if (isObject(p) && 'equals-ignore-case' in p) {
      return (
        typeof value === 'string' &&
        value.toLowerCase().startsWith(String(p['equals-ignore-case']).toLowerCase())
      );
    }
    return typeof value === 'string' && value.startsWith(String(p));
  }
  if ('suffix' in condition) return typeof value === 'string' && value.endsWith(String(condition.suffix));
  if ('equals-ignore-case' in condition) {
    return (
      typeof value === 'string' &&
      value.toLowerCase() === String(condition['equals-ignore-case']).toLowerCase()
    );
  }
  if ('numeric' in condition) return numericMatches(condition.numeric as unknown[], value);
  if ('anything-but' in condition) {
    const but = condition['anything-but'];
    if (isObject(but)) return !conditionMatches(but, value);
    const excluded = Array.isArray(but) ? but : [but];
    return value !== undefined && !excluded.includes(value);
  }
  return false;
}

function leafMatches(conditions: unknown[], value: unknown): boolean {
  for (const condition of conditions) {
    if (isObject(condition) && 'exists' in condition) {
      if ((value !== undefined) === Boolean(condition.exists)) return true;
      continue;
    }
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => conditionMatches(condition, v))) return true;
  }
  return false;
}

export function matchesPattern(pattern: FilterPattern, data: unknown): boolean {
  for (const [key, expected] of Object.entries(pattern)) {
    const value = isObject(data) ? data[key] : undefined;
    if (Array.isArray(expected)) {
      if (!leafMatches(expected, value)) return false;
    } else if (isObject(expected)) {
      if (!matchesPattern(expected, value)) return false;
    } else {
      return false;
    }
  }
  return true;
}

/** No filters means everything passes; otherwise any one matching pattern is enough. */
export function passesFilters(patterns: FilterPattern[], record: unknown): boolean {
  return patterns.length === 0 || patterns.some((p) => matchesPattern(p, record));
}
