// npm run draw -- --secret HEX --source A --source B … --items FILE --count K
// Prints the rfc3797-sha256-v1 draw record for the given inputs (see docs/draw.md).
// Exit codes: 0 record printed; 1 the draw was refused (e.g. count above the items);
// 2 usage error (missing or unknown option, unreadable items file).
import { readFileSync } from 'node:fs';
// Only the draw module: this CLI must keep working whatever else libs/domain contains.
import { DrawError, drawItems, sortIdsAscending } from '../libs/domain/src/draw';

export interface CliOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export const DRAW_USAGE = `usage: npm run draw -- --secret HEX --source VALUE [--source VALUE …] --items FILE --count K

  --secret HEX     the committed secret, 64 lowercase hex characters
  --source VALUE   a public entropy source, in order (repeat for each source)
  --items FILE     item ids, one per line; surrounding spaces and blank lines are ignored,
                   the order is kept as given (sort ids ascending first, see docs/draw.md)
  --count K        how many items to draw

Prints the draw record as JSON. Exit code 1 when the draw is refused, 2 on a usage error.`;

interface DrawOptions {
  secret: string;
  sources: string[];
  itemsFile: string;
  count: number;
}

const usageError = (message: string): CliOutcome => ({
  exitCode: 2,
  stdout: '',
  stderr: `draw: ${message}\n${DRAW_USAGE}\n`,
});

/** Items file format: one id per line; lines are trimmed and blank ones skipped. */
export function parseItemsFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

function parseArguments(args: readonly string[]): DrawOptions | CliOutcome {
  let secret: string | undefined;
  let itemsFile: string | undefined;
  let countText: string | undefined;
  const sources: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const argument = args[index];
    if (argument === '--help' || argument === '-h') {
      return { exitCode: 0, stdout: `${DRAW_USAGE}\n`, stderr: '' };
    }
    const match = /^(--[a-z]+)(?:=(.*))?$/s.exec(argument);
    if (!match) return usageError(`unexpected argument '${argument}'`);
    const [, flag, inlineValue] = match;
    if (!['--secret', '--source', '--items', '--count'].includes(flag)) {
      return usageError(`unknown option '${flag}'`);
    }
    // The next argument is always the value, even if it starts with '-' (a source may).
    let value = inlineValue;
    if (value === undefined) {
      if (index + 1 >= args.length) return usageError(`${flag} needs a value`);
      index += 1;
      value = args[index];
    }
    if (flag === '--secret') secret = value;
    else if (flag === '--source') sources.push(value);
    else if (flag === '--items') itemsFile = value;
    else countText = value;
  }
  if (secret === undefined) return usageError('--secret is required');
  if (sources.length === 0) return usageError('at least one --source is required');
  if (itemsFile === undefined) return usageError('--items is required');
  if (countText === undefined) return usageError('--count is required');
  if (!/^\d+$/.test(countText))
    return usageError(`--count must be a whole number, got '${countText}'`);
  return { secret, sources, itemsFile, count: Number(countText) };
}

export function runDrawCli(
  args: readonly string[],
  readTextFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): CliOutcome {
  const options = parseArguments(args);
  if ('exitCode' in options) return options;

  let items: string[];
  try {
    items = parseItemsFile(readTextFile(options.itemsFile));
  } catch (error) {
    return usageError(`cannot read items file '${options.itemsFile}': ${messageOf(error)}`);
  }
  try {
    const record = drawItems({ ...options, items });
    const sorted = sortIdsAscending(items).every((id, index) => id === items[index]);
    return {
      exitCode: 0,
      stdout: `${JSON.stringify(record, null, 2)}\n`,
      stderr: sorted ? '' : 'draw: note: the items are not in ascending order; drawn as given\n',
    };
  } catch (error) {
    if (error instanceof DrawError) {
      return { exitCode: 1, stdout: '', stderr: `draw: refused: ${error.message}\n` };
    }
    throw error;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

if (require.main === module) {
  const outcome = runDrawCli(process.argv.slice(2));
  process.stdout.write(outcome.stdout);
  process.stderr.write(outcome.stderr);
  process.exitCode = outcome.exitCode;
}
