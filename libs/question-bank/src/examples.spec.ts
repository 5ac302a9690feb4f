import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readBankImport } from './bank-content';
import { readBankXlsx } from './bank-xlsx';

// The shipped examples must stay importable and say the same thing in both forms.
const examples = path.resolve(__dirname, '..', '..', '..', 'docs', 'examples');

describe('docs/examples/question-bank.*', () => {
  it('the JSON example is a valid import for categories 08 and 02', () => {
    const read = readBankImport(
      JSON.parse(readFileSync(path.join(examples, 'question-bank.json'), 'utf8')),
      ['08', '02'],
    );
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.bank.sets.length).toBeGreaterThanOrEqual(4);
  });

  it('the XLSX example holds the same sets as the JSON example', async () => {
    const json = readBankImport(
      JSON.parse(readFileSync(path.join(examples, 'question-bank.json'), 'utf8')),
      ['08', '02'],
    );
    const xlsx = readBankImport(
      await readBankXlsx(readFileSync(path.join(examples, 'question-bank.xlsx'))),
      ['08', '02'],
    );
    expect(json.ok && xlsx.ok).toBe(true);
    if (json.ok && xlsx.ok) expect(xlsx.bank.sets).toEqual(json.bank.sets);
  });
});
