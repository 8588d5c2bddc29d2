import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * YouTube-8M's class names, from a `vocabulary.csv` (the official file: a header with `Index` and
 * `Name` columns) in the shards' folder or its parent; an empty map when there is none.
 */
export function readYt8mVocabulary(shardsDir: string): Map<number, string> {
  const file = [path.join(shardsDir, 'vocabulary.csv'), path.join(shardsDir, '..', 'vocabulary.csv')].find((f) => existsSync(f));
  const names = new Map<number, string>();
  if (!file) return names;
  const [header, ...lines] = readFileSync(file, 'utf8').split(/\r?\n/);
  const columns = csvFields(header ?? '');
  const index = columns.indexOf('Index');
  const name = columns.indexOf('Name');
  if (index < 0 || name < 0) return names;
  for (const line of lines) {
    if (!line.trim()) continue;
    const fields = csvFields(line);
    const k = Number(fields[index]);
    if (Number.isInteger(k) && fields[name]) names.set(k, fields[name]);
  }
  return names;
}

/** The fields of one CSV line (RFC 4180 quoting: "a, b" and doubled "" inside quotes). */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}
