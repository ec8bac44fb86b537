/**
 * The subset of TOML that samconfig.toml uses: `[dotted.tables]` and `key = value` lines with
 * basic strings, booleans and numbers. Anything else throws, so the test notices.
 */
export type TomlTable = { [key: string]: TomlValue };
export type TomlValue = string | number | boolean | TomlTable;

function parseValue(raw: string, line: number): string | number | boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (/^[+-]?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  const string = /^"((?:[^"\\]|\\.)*)"$/.exec(raw);
  if (string) return JSON.parse(`"${string[1]}"`) as string;
  throw new Error(`samconfig.toml line ${line}: unsupported value ${raw}`);
}

export function parseToml(text: string): TomlTable {
  const root: TomlTable = {};
  let table = root;
  text.split('\n').forEach((source, index) => {
    // Strip a comment unless the # sits inside a string.
    const line = source.replace(/^((?:[^"#]|"(?:[^"\\]|\\.)*")*)#.*$/, '$1').trim();
    if (!line) return;
    const header = /^\[([A-Za-z0-9_.-]+)\]$/.exec(line);
    if (header) {
      table = root;
      for (const part of header[1]!.split('.')) {
        table[part] ??= {};
        table = table[part] as TomlTable;
      }
      return;
    }
    const pair = /^([A-Za-z0-9_-]+)\s*=\s*(.+)$/.exec(line);
    if (!pair) throw new Error(`samconfig.toml line ${index + 1}: cannot parse ${source}`);
    if (pair[1]! in table) throw new Error(`samconfig.toml line ${index + 1}: duplicate key ${pair[1]}`);
    table[pair[1]!] = parseValue(pair[2]!, index + 1);
  });
  return root;
}
