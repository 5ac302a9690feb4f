// Spreadsheet cells from user input: a cell starting with = + - @ (or a tab or
// carriage return) is a formula to Excel, so it is prefixed with a quote.
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(value: string): string {
  const safe = neutralizeFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * CSV as Excel expects it for Chinese text: UTF-8 with a byte-order mark,
 * CRLF line ends, every field quoted when needed.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
