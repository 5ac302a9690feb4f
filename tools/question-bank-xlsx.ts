// node -r ./scripts/ts-register.js tools/question-bank-xlsx.ts IN.json OUT.xlsx
// Writes a JSON question-bank import (docs/question-bank.md) in its XLSX form, e.g. to make
// docs/examples/question-bank.xlsx from docs/examples/question-bank.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { readBankImport } from '../libs/question-bank/src/bank-content';
import { writeBankXlsx } from '../libs/question-bank/src/bank-xlsx';

async function main(args: string[]): Promise<number> {
  if (args.length !== 2) {
    process.stderr.write('usage: tools/question-bank-xlsx.ts IN.json OUT.xlsx\n');
    return 2;
  }
  const [input, output] = args;
  const raw: unknown = JSON.parse(readFileSync(input, 'utf8'));
  const categories = Array.isArray((raw as { sets?: unknown }).sets)
    ? ((raw as { sets: { categoryCode?: unknown }[] }).sets
        .map((set) => set.categoryCode)
        .filter((code) => typeof code === 'string') as string[])
    : [];
  const read = readBankImport(raw, categories);
  if (!read.ok) {
    process.stderr.write(`${input} is not a valid import: ${JSON.stringify(read.problems)}\n`);
    return 1;
  }
  writeFileSync(output, await writeBankXlsx(read.bank.sets));
  process.stdout.write(`wrote ${output} (${read.bank.sets.length} sets)\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
