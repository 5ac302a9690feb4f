// npm run match -- --input in.json --algorithm serial|optimal --output out.json
// Matches hires to positions (issue 8): reads {"positions": [...], "hires": [...]}, writes the
// result as pretty JSON, prints a one-line summary on stdout and each ignored preference entry
// as a warning line on stderr.
// Exit codes: 0 done (even with warnings); 1 the input could not be read or is malformed, or the
// output could not be written; 2 usage error (missing, repeated or unknown option).
import { readFileSync, writeFileSync } from 'node:fs';
// Only the matching module: this CLI must keep working whatever else libs/domain contains.
import {
  MatchInputError,
  isMatchAlgorithm,
  ordinalEn,
  runMatching,
  type MatchResult,
} from '../libs/domain/src/matching';

export interface CliOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CliFiles {
  readTextFile: (path: string) => string;
  writeTextFile: (path: string, text: string) => void;
}

export const MATCH_USAGE =
  'usage: npm run match -- --input in.json --algorithm serial|optimal --output out.json';

const OPTIONS = ['--input', '--algorithm', '--output'] as const;
type Option = (typeof OPTIONS)[number];

const fail = (exitCode: number, message: string): CliOutcome => ({
  exitCode,
  stdout: '',
  stderr: `match: ${message}\n`,
});
const usageError = (message: string): CliOutcome => fail(2, `${message} (${MATCH_USAGE})`);

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parseArguments(args: readonly string[]): Map<Option, string> | CliOutcome {
  const values = new Map<Option, string>();
  for (let i = 0; i < args.length; i++) {
    const argument = args[i];
    if (argument === '--help' || argument === '-h') {
      return { exitCode: 0, stdout: `${MATCH_USAGE}\n`, stderr: '' };
    }
    const match = /^(--[a-z-]+)(?:=(.*))?$/s.exec(argument);
    if (!match) return usageError(`unexpected argument '${argument}'`);
    const flag = OPTIONS.find((option) => option === match[1]);
    if (!flag) return usageError(`unknown option '${match[1]}'`);
    if (values.has(flag)) return usageError(`${flag} given twice`);
    let value = match[2];
    if (value === undefined) {
      if (i + 1 >= args.length || args[i + 1].startsWith('--')) {
        return usageError(`${flag} needs a value`);
      }
      value = args[++i];
    }
    if (value === '') return usageError(`${flag} needs a value`);
    values.set(flag, value);
  }
  for (const option of OPTIONS) {
    if (!values.has(option)) return usageError(`${option} is required`);
  }
  return values;
}

/** "optimal: 9764/10000 hires assigned, 236 unassigned, total choice 29202 (1st: 3319, ...)" */
export function summarize(result: MatchResult): string {
  const total = result.assigned + result.unassigned.length;
  const histogram = Object.entries(result.choiceHistogram)
    .filter(([, count]) => count > 0)
    .map(([choice, count]) => `${ordinalEn(Number(choice))}: ${count}`)
    .join(', ');
  return (
    `${result.algorithm}: ${result.assigned}/${total} hires assigned, ` +
    `${result.unassigned.length} unassigned, total choice ${result.totalChoice}` +
    (histogram ? ` (${histogram})` : '') +
    `, ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}`
  );
}

export function runMatchCli(
  args: readonly string[],
  files: CliFiles = {
    readTextFile: (path) => readFileSync(path, 'utf8'),
    writeTextFile: (path, text) => writeFileSync(path, text),
  },
): CliOutcome {
  const options = parseArguments(args);
  if (!(options instanceof Map)) return options;
  const inputPath = options.get('--input') ?? '';
  const outputPath = options.get('--output') ?? '';
  const algorithm = options.get('--algorithm');
  if (!isMatchAlgorithm(algorithm)) {
    return usageError(`--algorithm must be serial or optimal, got '${algorithm ?? ''}'`);
  }

  let text: string;
  try {
    text = files.readTextFile(inputPath);
  } catch (error) {
    return fail(1, `cannot read input file '${inputPath}': ${messageOf(error)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail(1, `input file '${inputPath}' is not valid JSON: ${messageOf(error)}`);
  }
  let result: MatchResult;
  try {
    result = runMatching(raw, algorithm);
  } catch (error) {
    if (error instanceof MatchInputError) {
      return fail(1, `invalid input in '${inputPath}': ${error.message}`);
    }
    throw error;
  }
  try {
    files.writeTextFile(outputPath, `${JSON.stringify(result, null, 2)}\n`);
  } catch (error) {
    return fail(1, `cannot write output file '${outputPath}': ${messageOf(error)}`);
  }
  return {
    exitCode: 0,
    stdout: `${summarize(result)} -> ${outputPath}\n`,
    stderr: result.warnings.map((w) => `match: warning: ${w.message}\n`).join(''),
  };
}

if (require.main === module) {
  const outcome = runMatchCli(process.argv.slice(2));
  process.stdout.write(outcome.stdout);
  process.stderr.write(outcome.stderr);
  process.exitCode = outcome.exitCode;
}
