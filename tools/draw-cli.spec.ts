import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DrawRecord, drawItems, drawPanel } from '../libs/domain/src/draw';
import { parseItemsFile, runDrawCli } from './draw';
import { runVerifyDrawCli } from './verify-draw';

const REPO_ROOT = resolve(__dirname, '..');
const SECRET = '0123456789abcdef'.repeat(4);
const SOURCES = ['S-2020-ECON-01', '2020-06-13T01:30:00Z', '4711'];
const QUESTION_SETS = ['Q01', 'Q02', 'Q03', 'Q04', 'Q05', 'Q06', 'Q07', 'Q08', 'Q09', 'Q10'];

/** Runs a CLI the way `npm run draw` / `npm run verify-draw` do. */
function spawnTool(tool: 'draw' | 'verify-draw', args: string[]) {
  const child = spawnSync(
    process.execPath,
    ['-r', './scripts/ts-register.js', `tools/${tool}.ts`, ...args],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  return { exitCode: child.status, stdout: child.stdout, stderr: child.stderr };
}

let workDir: string;
const fileIn = (name: string, content: string) => {
  const path = join(workDir, name);
  writeFileSync(path, content);
  return path;
};

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'draw-cli-'));
});
afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe('draw and verify-draw as processes', () => {
  const sourceArgs = SOURCES.flatMap((source) => ['--source', source]);

  it('draw prints the record; verify-draw accepts it; a tampered copy fails', () => {
    const itemsFile = fileIn('sets.txt', `${QUESTION_SETS.join('\n')}\n`);
    const drawn = spawnTool('draw', [
      '--secret',
      SECRET,
      ...sourceArgs,
      '--items',
      itemsFile,
      '--count',
      '1',
    ]);
    expect(drawn.stderr).toBe('');
    expect(drawn.exitCode).toBe(0);
    const record = JSON.parse(drawn.stdout);
    // the fixed vector of libs/domain/src/draw/rfc3797.spec.ts
    expect(record.result).toEqual(['Q07']);
    expect(record).toEqual(
      drawItems({ secret: SECRET, sources: SOURCES, items: QUESTION_SETS, count: 1 }),
    );

    const recordFile = fileIn('record.json', drawn.stdout);
    const verified = spawnTool('verify-draw', [recordFile]);
    expect(verified.exitCode).toBe(0);
    expect(verified.stdout).toMatch(/^OK rfc3797-sha256-v1: .*\["Q07"\] reproduced/);

    const tampered = fileIn('tampered.json', JSON.stringify({ ...record, result: ['Q03'] }));
    const rejected = spawnTool('verify-draw', [tampered]);
    expect(rejected.exitCode).toBe(1);
    expect(rejected.stdout).toBe('');
    expect(rejected.stderr).toBe(
      'verify-draw: FAILED: result mismatch: expected ["Q07"], got ["Q03"]\n',
    );
  });

  it('verify-draw fails with exit 1 when the secret was swapped', () => {
    const record = drawItems({ secret: SECRET, sources: SOURCES, items: QUESTION_SETS, count: 2 });
    const file = fileIn('swapped.json', JSON.stringify({ ...record, secret: 'a'.repeat(64) }));
    const outcome = spawnTool('verify-draw', [file]);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stderr).toMatch(/^verify-draw: FAILED: commitment mismatch/);
  });

  it('verify-draw exits 2 on malformed JSON and on missing fields', () => {
    const broken = spawnTool('verify-draw', [fileIn('broken.json', '{"algorithm": ')]);
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toMatch(/is not valid JSON/);

    const withoutResult: Partial<DrawRecord> = drawItems({
      secret: SECRET,
      sources: SOURCES,
      items: QUESTION_SETS,
      count: 1,
    });
    delete withoutResult.result;
    const partial = spawnTool('verify-draw', [
      fileIn('partial.json', JSON.stringify(withoutResult)),
    ]);
    expect(partial.exitCode).toBe(2);
    expect(partial.stderr).toMatch(/is not a draw record: field 'result' is missing/);
  });

  it('draw exits 1 when the draw is refused and 2 on a usage error', () => {
    const itemsFile = fileIn('two.txt', 'Q01\nQ02\n');
    const refused = spawnTool('draw', [
      '--secret',
      SECRET,
      ...sourceArgs,
      '--items',
      itemsFile,
      '--count',
      '3',
    ]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toBe(
      'draw: refused: cannot draw 3 from 2 item(s): count exceeds the items available\n',
    );
    const usage = spawnTool('draw', [...sourceArgs, '--items', itemsFile, '--count', '1']);
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toMatch(/^draw: --secret is required\nusage:/);
  });
});

describe('runDrawCli', () => {
  const files: Record<string, string> = {
    'items.txt': 'C01\r\n\r\n  C02  \nC03\n',
    'unsorted.txt': 'C02\nC01\n',
  };
  const readFake = (path: string) => {
    if (!(path in files)) throw new Error(`ENOENT: no such file '${path}'`);
    return files[path];
  };
  const run = (...args: string[]) => runDrawCli(args, readFake);
  const WITH_SOURCE = ['--secret', SECRET, '--source', 's'];

  it('accepts --flag=value and --flag value, with sources kept in order', () => {
    const sources = ['-dash', 'b=c'];
    const outcome = run(
      `--secret=${SECRET}`,
      '--source',
      sources[0],
      `--source=${sources[1]}`,
      '--items',
      'items.txt',
      '--count=2',
    );
    expect(outcome.exitCode).toBe(0);
    const record = JSON.parse(outcome.stdout);
    expect(record.sources).toEqual(sources);
    expect(record.items).toEqual(['C01', 'C02', 'C03']);
    const expected = drawItems({ secret: SECRET, sources, items: ['C01', 'C02', 'C03'], count: 2 });
    expect(record.result).toEqual(expected.result);
  });

  it('keeps an unsorted items file as given but says so', () => {
    const outcome = run(...WITH_SOURCE, '--items', 'unsorted.txt', '--count', '2');
    expect(outcome.exitCode).toBe(0);
    expect(JSON.parse(outcome.stdout).items).toEqual(['C02', 'C01']);
    expect(outcome.stderr).toMatch(/not in ascending order/);
  });

  it.each<[string, string[], RegExp]>([
    ['an unknown option', ['--seed', 'x'], /unknown option '--seed'/],
    ['a bare word', ['items.txt'], /unexpected argument 'items.txt'/],
    ['a flag without value', ['--secret'], /--secret needs a value/],
    ['no source', ['--secret', SECRET, '--items', 'items.txt', '--count', '1'], /--source/],
    ['a negative count', [...WITH_SOURCE, '--items', 'items.txt', '--count', '-1'], /whole number/],
    [
      'a missing file',
      [...WITH_SOURCE, '--items', 'nope.txt', '--count', '1'],
      /cannot read items/,
    ],
  ])('exits 2 on %s', (_label, args, message) => {
    const outcome = run(...args);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(message);
  });

  it('exits 1 with the reason on a malformed secret', () => {
    const outcome = run('--secret', 'XYZ', '--source', 's', '--items', 'items.txt', '--count', '1');
    expect(outcome).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: 'draw: refused: malformed secret: it must be 64 lowercase hex characters\n',
    });
  });

  it('prints usage on --help', () => {
    expect(run('--help')).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^usage/) });
  });
});

describe('parseItemsFile', () => {
  it('trims lines, skips blank ones and keeps the order', () => {
    expect(parseItemsFile('b\r\n\n  a \n\n')).toEqual(['b', 'a']);
    expect(parseItemsFile('')).toEqual([]);
  });
});

describe('runVerifyDrawCli', () => {
  it('verifies a panel record and names the panel', () => {
    const { record } = drawPanel({
      secret: SECRET,
      sources: SOURCES,
      pool: [
        { id: 'E1', hiringSide: true },
        { id: 'E2', hiringSide: false },
        { id: 'E3', hiringSide: false },
      ],
      size: 2,
    });
    const outcome = runVerifyDrawCli(['panel.json'], () => JSON.stringify(record));
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toContain(`panel ${JSON.stringify(record.panel.members)} reproduced`);

    const tampered = { ...record, panel: { ...record.panel, members: ['E3', 'E2'] } };
    const failed = runVerifyDrawCli(['panel.json'], () => JSON.stringify(tampered));
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toMatch(/panel member mismatch/);
  });

  it('exits 2 without exactly one file, or when the file cannot be read', () => {
    expect(runVerifyDrawCli([]).exitCode).toBe(2);
    expect(runVerifyDrawCli(['a.json', 'b.json']).exitCode).toBe(2);
    const missing = runVerifyDrawCli(['gone.json'], () => {
      throw new Error('ENOENT');
    });
    expect(missing).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: "verify-draw: cannot read 'gone.json': ENOENT\n",
    });
  });

  it('exits 2 when the JSON is not an object', () => {
    const outcome = runVerifyDrawCli(['x.json'], () => '[1,2]');
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toMatch(/a draw record must be a JSON object/);
  });
});
