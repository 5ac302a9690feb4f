// RFC 4180 CSV: comma separator, double-quoted fields with "" for a quote,
// CRLF or LF line ends. Small and strict enough for the reference lists.

export class CsvError extends Error {}

/** Parses CSV text into rows of fields; a UTF-8 BOM and a final newline are ignored. */
export function parseCsv(text: string): string[][] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
        const next = source[i + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
          throw new CsvError(
            `unexpected character after a closing quote on line ${rows.length + 1}`,
          );
      } else field += char;
      continue;
    }
    if (char === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
      fieldStarted = false;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
    } else {
      field += char;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvError('a quoted field is not closed');
  if (fieldStarted || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/**
 * Rows as objects keyed by the header. Throws when a required column is
 * missing or a row has the wrong number of fields.
 */
export function parseCsvRecords(
  text: string,
  required: readonly string[],
): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new CsvError('the file is empty');
  const columns = header.map((name) => name.trim());
  const missing = required.filter((name) => !columns.includes(name));
  if (missing.length > 0) throw new CsvError(`missing columns: ${missing.join(', ')}`);
  return rows.map((fields, index) => {
    if (fields.length !== columns.length)
      throw new CsvError(
        `line ${index + 2} has ${fields.length} fields, expected ${columns.length}`,
      );
    const record: Record<string, string> = {};
    columns.forEach((name, column) => {
      record[name] = fields[column].trim();
    });
    return record;
  });
}
