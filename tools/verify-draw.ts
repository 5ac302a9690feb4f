// npm run verify-draw -- FILE.json
// Recomputes a stored draw record from its own inputs (docs/draw.md).
// Exit codes: 0 "OK …" on stdout; 1 the record does not verify (reason on stderr);
// 2 the file is missing, not JSON, or not shaped like a draw record.
import { readFileSync } from 'node:fs';
// Only the draw module: this CLI must keep working whatever else libs/domain contains.
import { parseDrawRecord, verifyDrawRecord } from '../libs/domain/src/draw';
import type { CliOutcome } from './draw';

export const VERIFY_DRAW_USAGE = 'usage: npm run verify-draw -- FILE.json';

const malformed = (message: string): CliOutcome => ({
  exitCode: 2,
  stdout: '',
  stderr: `verify-draw: ${message}\n`,
});

export function runVerifyDrawCli(
  args: readonly string[],
  readTextFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): CliOutcome {
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    return { exitCode: 0, stdout: `${VERIFY_DRAW_USAGE}\n`, stderr: '' };
  }
  if (args.length !== 1) return malformed(`expected one record file\n${VERIFY_DRAW_USAGE}`);
  const [file] = args;

  let text: string;
  try {
    text = readTextFile(file);
  } catch (error) {
    return malformed(`cannot read '${file}': ${messageOf(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return malformed(`'${file}' is not valid JSON: ${messageOf(error)}`);
  }
  const parsed = parseDrawRecord(json);
  if (!parsed.ok) return malformed(`'${file}' is not a draw record: ${parsed.reason}`);

  const { record } = parsed;
  const verdict = verifyDrawRecord(record);
  if (!verdict.ok) {
    return { exitCode: 1, stdout: '', stderr: `verify-draw: FAILED: ${verdict.reason}\n` };
  }
  const panel = record.panel ? `; panel ${JSON.stringify(record.panel.members)} reproduced` : '';
  return {
    exitCode: 0,
    stdout:
      `OK ${record.algorithm}: commitment matches the secret; result ` +
      `${JSON.stringify(record.result)} reproduced from ${record.sources.length} source(s) ` +
      `and ${record.items.length} item(s)${panel}\n`,
    stderr: '',
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

if (require.main === module) {
  const outcome = runVerifyDrawCli(process.argv.slice(2));
  process.stdout.write(outcome.stdout);
  process.stderr.write(outcome.stderr);
  process.exitCode = outcome.exitCode;
}
