import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runMatchCli } from './match';

const REPO_ROOT = resolve(__dirname, '..');

/** Runs the CLI the way `npm run match -- ...` does. */
function spawnMatch(args: string[]) {
  const child = spawnSync(
    process.execPath,
    ['-r', './scripts/ts-register.js', 'tools/match.ts', ...args],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  return { exitCode: child.status, stdout: child.stdout, stderr: child.stderr };
}

const INPUT = {
  positions: [
    { id: 'P1', quota: 2, disciplines: ['0202', '1202'], unit: 'City Bureau of Commerce' },
    { id: 'P2', quota: 1, disciplines: ['0202'], unit: 'County Development Zone' },
  ],
  hires: [
    { id: 'H1', rank: 1, discipline: '0202', preferences: ['P2', 'P1'] },
    { id: 'H2', rank: 2, discipline: '1202', preferences: ['P1'] },
    { id: 'H3', rank: 3, discipline: '0202', preferences: ['P2'] },
    { id: 'H4', rank: 4, discipline: '0202', preferences: ['P2', 'P1'] },
  ],
};

let workDir: string;
const fileIn = (name: string, content: string): string => {
  const path = join(workDir, name);
  writeFileSync(path, content);
  return path;
};

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'match-cli-'));
});
afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe('npm run match (as a process)', () => {
  it('runs serial and writes the result contract', () => {
    // Serial: H1 takes P2 (1st); H2 takes P1 (1st); H3 finds P2 full -> unassigned;
    // H4 finds P2 full and takes the last P1 seat (2nd).
    const input = fileIn('in.json', JSON.stringify(INPUT));
    const output = join(workDir, 'serial.json');
    const run = spawnMatch(['--input', input, '--algorithm', 'serial', '--output', output]);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      `serial: 3/4 hires assigned, 1 unassigned, total choice 4 (1st: 2, 2nd: 1), 0 warnings -> ${output}\n`,
    );
    const written = readFileSync(output, 'utf8');
    expect(written.endsWith('}\n')).toBe(true);
    const result = JSON.parse(written);
    expect(Object.keys(result).slice(0, 5)).toEqual([
      'algorithm',
      'assignments',
      'unassigned',
      'assigned',
      'totalChoice',
    ]);
    expect(result).toMatchObject({
      algorithm: 'serial',
      assignments: [
        { hire: 'H1', position: 'P2', choice: 1 },
        { hire: 'H2', position: 'P1', choice: 1 },
        { hire: 'H4', position: 'P1', choice: 2 },
      ],
      unassigned: ['H3'],
      assigned: 3,
      totalChoice: 4,
      choiceHistogram: { '1': 2, '2': 1 },
      warnings: [],
    });
    expect(result.assignments[2].explanation.code).toBe('serial.assigned');
  });

  it('runs optimal, prints each ignored preference as a warning on stderr, and exits 0', () => {
    // H2 lists P2, which does not accept 1202; H3 lists P9 (no such position) and P2 twice.
    const input = fileIn(
      'warn.json',
      JSON.stringify({
        positions: INPUT.positions,
        hires: [
          INPUT.hires[0],
          { ...INPUT.hires[1], preferences: ['P2', 'P1'] },
          { ...INPUT.hires[2], preferences: ['P9', 'P2', 'P2'] },
          { ...INPUT.hires[3], preferences: ['P1'] },
        ],
      }),
    );
    const output = join(workDir, 'optimal.json');
    const run = spawnMatch([`--input=${input}`, '--algorithm=optimal', `--output=${output}`]);
    expect(run.exitCode).toBe(0);
    expect(run.stderr.split('\n')).toEqual([
      'match: warning: hire H2: preference 1 "P2" ignored: the position does not accept discipline 1202',
      'match: warning: hire H3: preference 1 "P9" ignored: no such position',
      'match: warning: hire H3: preference 3 "P2" ignored: repeats an earlier preference',
      '',
    ]);
    // 3 seats, 4 hires: 3 placed at best. P2 goes to H1 (its 1st) or H3 (its 2nd entry); P1's
    // two seats to two of H1 (2nd), H2 (2nd, after the ignored P2) and H4 (1st). Unique optimum:
    // H1 P2 (1) + H2 P1 (2) + H4 P1 (1) = 4; giving P2 to H3 costs at least 2 + 2 + 1 = 5.
    const result = JSON.parse(readFileSync(output, 'utf8'));
    expect(result).toMatchObject({
      algorithm: 'optimal',
      assignments: [
        { hire: 'H1', position: 'P2', choice: 1 },
        { hire: 'H2', position: 'P1', choice: 2 },
        { hire: 'H4', position: 'P1', choice: 1 },
      ],
      unassigned: ['H3'],
      assigned: 3,
      totalChoice: 4,
    });
    expect(result.warnings).toHaveLength(3);
    expect(run.stdout).toMatch(/^optimal: 3\/4 hires assigned, .* 3 warnings -> /);
  });

  it('fails with one clear line on malformed JSON (exit 1)', () => {
    const input = fileIn('broken.json', '{"positions": [');
    const run = spawnMatch(['--input', input, '--algorithm', 'serial', '--output', 'x.json']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(`^match: input file '${input}' is not valid JSON: .+\\n$`),
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('fails with one clear line on invalid input (exit 1) and writes nothing', () => {
    const input = fileIn(
      'invalid.json',
      JSON.stringify({ ...INPUT, hires: [{ ...INPUT.hires[0], rank: 0 }] }),
    );
    const output = join(workDir, 'never.json');
    const run = spawnMatch(['--input', input, '--algorithm', 'optimal', '--output', output]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      `match: invalid input in '${input}': hires[0].rank: must be an integer >= 1 (got 0)\n`,
    );
    expect(() => readFileSync(output)).toThrow();
  });

  it('reports usage errors with exit 2', () => {
    const run = spawnMatch(['--input', 'in.json', '--algorithm', 'serial']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      'match: --output is required (usage: npm run match -- --input in.json --algorithm ' +
        'serial|optimal --output out.json)\n',
    );
  });
});

describe('runMatchCli', () => {
  const files = (content: string | Error) => {
    const written = new Map<string, string>();
    return {
      written,
      files: {
        readTextFile: (): string => {
          if (content instanceof Error) throw content;
          return content;
        },
        writeTextFile: (path: string, text: string): void => void written.set(path, text),
      },
    };
  };
  const ok = JSON.stringify(INPUT);
  const base = ['--input', 'in.json', '--output', 'out.json'];

  it.each<[string, string[], RegExp]>([
    [
      'an unknown option',
      [...base, '--algorithm', 'serial', '--seed', '1'],
      /unknown option '--seed'/,
    ],
    [
      'an unknown algorithm',
      [...base, '--algorithm', 'greedy'],
      /--algorithm must be serial or optimal, got 'greedy'/,
    ],
    [
      'a missing value',
      ['--input', '--algorithm', 'serial', '--output', 'o'],
      /--input needs a value/,
    ],
    [
      'a repeated option',
      [...base, '--algorithm', 'serial', '--input', 'b.json'],
      /--input given twice/,
    ],
    [
      'a stray argument',
      [...base, '--algorithm', 'serial', 'extra'],
      /unexpected argument 'extra'/,
    ],
    ['no arguments', [], /--input is required/],
  ])('rejects %s with exit 2', (_label, args, message) => {
    const { files: io, written } = files(ok);
    const outcome = runMatchCli(args, io);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toMatch(message);
    expect(outcome.stderr.split('\n')).toHaveLength(2);
    expect(written.size).toBe(0);
  });

  it('prints usage on --help', () => {
    expect(runMatchCli(['--help'])).toEqual({
      exitCode: 0,
      stdout:
        'usage: npm run match -- --input in.json --algorithm serial|optimal --output out.json\n',
      stderr: '',
    });
  });

  it('reports an unreadable input file with exit 1', () => {
    const { files: io } = files(new Error("ENOENT: no such file or directory, open 'in.json'"));
    const outcome = runMatchCli([...base, '--algorithm', 'serial'], io);
    expect(outcome).toEqual({
      exitCode: 1,
      stdout: '',
      stderr:
        "match: cannot read input file 'in.json': ENOENT: no such file or directory, open 'in.json'\n",
    });
  });

  it('reports an input that is JSON but not an object', () => {
    const { files: io } = files('[1, 2]');
    const outcome = runMatchCli([...base, '--algorithm', 'serial'], io);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stderr).toMatch(/^match: invalid input in 'in.json': input must be an object/);
  });

  it('reports an unwritable output file with exit 1', () => {
    const outcome = runMatchCli([...base, '--algorithm', 'serial'], {
      readTextFile: () => ok,
      writeTextFile: () => {
        throw new Error('EACCES: permission denied');
      },
    });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stderr).toBe(
      "match: cannot write output file 'out.json': EACCES: permission denied\n",
    );
  });

  it('accepts a byte-order mark and writes pretty JSON', () => {
    const { files: io, written } = files(`\uFEFF${ok}`);
    const outcome = runMatchCli([...base, '--algorithm', 'optimal'], io);
    expect(outcome.exitCode).toBe(0);
    expect(written.get('out.json')).toMatch(/^\{\n {2}"algorithm": "optimal",\n/);
  });
});
