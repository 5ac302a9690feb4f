// docs/draw.md is the public specification of the draw. This spec parses its worked example,
// step table, panel example and reference programs and checks them against the code.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import {
  DrawInput,
  commitmentOf,
  drawItems,
  drawPanel,
  explainDraw,
  parseDrawRecord,
  verifyDrawRecord,
} from '../libs/domain/src/draw';
import { runDrawCli } from './draw';

const DOC = readFileSync(resolve(__dirname, '../docs/draw.md'), 'utf8');

/** The body of the first fenced block of `language` after `<!-- marker -->`. */
function fencedBlockAfter(marker: string, language: string): string {
  const start = DOC.indexOf(`<!-- ${marker} -->`);
  if (start < 0) throw new Error(`docs/draw.md lacks the marker <!-- ${marker} -->`);
  const fence = new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```').exec(DOC.slice(start));
  if (!fence) throw new Error(`no \`\`\`${language} block after <!-- ${marker} -->`);
  return fence[1];
}

interface DocumentedStep {
  i: number;
  hashHex: string;
  remainingCount: number;
  r: number;
  pick: string;
  stillUnpicked: string[];
}

function documentedSteps(): DocumentedStep[] {
  const start = DOC.indexOf('<!-- worked-example:steps -->');
  const rows: DocumentedStep[] = [];
  const row =
    /^\|\s*(\d+)\s*\|\s*`([0-9a-f]{64})`\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\S+)\s*\|(.*)\|$/;
  for (const line of DOC.slice(start).split('\n').slice(1)) {
    if (line.trim() === '') {
      if (rows.length > 0) break;
      continue;
    }
    const match = row.exec(line);
    if (!match) continue; // header and separator rows
    rows.push({
      i: Number(match[1]),
      hashHex: match[2],
      remainingCount: Number(match[3]),
      r: Number(match[4]),
      pick: match[5],
      stillUnpicked: match[6].trim() === '—' ? [] : match[6].split(',').map((id) => id.trim()),
    });
  }
  return rows;
}

const record = JSON.parse(fencedBlockAfter('worked-example:record', 'json'));
const input: DrawInput = {
  secret: record.secret,
  sources: record.sources,
  items: record.items,
  count: record.count,
};

describe('docs/draw.md worked example', () => {
  it('shows the record the code produces, and it verifies', () => {
    expect(record).toEqual(drawItems(input));
    const parsed = parseDrawRecord(record);
    expect(parsed.ok && verifyDrawRecord(parsed.record)).toEqual({ ok: true });
  });

  it('quotes the secret and commitment of the record in the prose', () => {
    expect(DOC).toContain(`\`\`\`text\n${record.secret}\n\`\`\``);
    expect(DOC).toContain(`whose SHA-256, the published commitment, is\n\`${record.commitment}\``);
    expect(record.commitment).toBe(commitmentOf(record.secret));
  });

  it('shows the key text, its hex and the bytes hashed in step 0', () => {
    const trace = explainDraw(input);
    expect(fencedBlockAfter('worked-example:key-text', 'text')).toBe(trace.keyText);
    expect(fencedBlockAfter('worked-example:key-hex', 'text')).toBe(trace.keyHex);
    expect(fencedBlockAfter('worked-example:step0-input', 'text')).toBe(`0000${trace.keyHex}0000`);
  });

  it('has one table row per step with the hash, n, r, pick and what is left', () => {
    const steps = documentedSteps();
    const trace = explainDraw(input);
    expect(steps).toHaveLength(record.count);
    const shown = steps.map(({ i, hashHex, remainingCount, r, pick }) => ({
      i,
      hashHex,
      remainingCount,
      r,
      pick,
    }));
    expect(shown).toEqual(trace.steps);
    let unpicked: string[] = [...record.items];
    for (const step of steps) {
      unpicked = unpicked.filter((id) => id !== step.pick);
      expect(step.stillUnpicked).toEqual(unpicked);
    }
  });

  it('explains step 0 with the right hash prefix and remainder', () => {
    const [first] = explainDraw(input).steps;
    const shortHash = `${first.hashHex.slice(0, 6)}…${first.hashHex.slice(-4)}`;
    expect(DOC).toContain(`\`int("${shortHash}", 16) % ${first.remainingCount}\` is ${first.r}`);
  });

  it('gives a draw command that prints the same record', () => {
    const command = /```sh\n(npm run draw -- [\s\S]*?)\n```/.exec(DOC);
    expect(command).not.toBeNull();
    const args = (command as RegExpExecArray)[1].replace(/\\\n/g, ' ').split(/\s+/).slice(3); // drop "npm run draw", keep what follows "--"
    expect(args[0]).toBe('--');
    const outcome = runDrawCli(args.slice(1), () => record.items.join('\n'));
    expect(outcome.exitCode).toBe(0);
    expect(JSON.parse(outcome.stdout)).toEqual(record);
  });
});

describe('docs/draw.md panel example', () => {
  it('is the fixed vector of panel.spec.ts', () => {
    const documented = JSON.parse(
      /<!-- panel-example -->\n\n```json\n([\s\S]*?)\n```/.exec(DOC)?.[1] ?? 'null',
    );
    const { record: panelRecord } = drawPanel({
      secret: createHash('sha256').update('panel 0').digest('hex'),
      sources: ['S-2020-ENG-02', '2020-06-12T08:00:00+08:00', '3141'],
      pool: ['E01', 'E02', 'E03', 'E04', 'E05', 'E06', 'E07', 'E08'].map((id) => ({
        id,
        hiringSide: ['E02', 'E05', 'E07'].includes(id),
      })),
      size: 5,
      recusedIds: ['E04'],
    });
    expect(documented).toEqual({ panel: panelRecord.panel });
  });
});

describe('docs/draw.md reference programs', () => {
  it('the JavaScript program reproduces the worked example and the code on other inputs', () => {
    const program = fencedBlockAfter('reference:js', 'js');
    const sandbox: { require: NodeRequire; Buffer: typeof Buffer; BigInt: typeof BigInt } = {
      require,
      Buffer,
      BigInt,
    };
    const referenceDraw = runInNewContext(`${program}\ndraw;`, sandbox) as (
      secret: string,
      sources: string[],
      items: string[],
      count: number,
    ) => string[];
    expect(referenceDraw(input.secret, record.sources, record.items, record.count)).toEqual(
      record.result,
    );
    const items = Array.from({ length: 12 }, (_, k) => `Q${String(k).padStart(2, '0')}`);
    const sources = ['场次 3', '2020-06-14T00:00:00.000Z'];
    const other = { secret: 'e'.repeat(64), sources, items, count: 12 };
    expect(referenceDraw(other.secret, other.sources, other.items, other.count)).toEqual(
      drawItems(other).result,
    );
  });

  // python3 is part of the machine this project runs on (node-gyp needs it).
  it('the Python program reproduces the worked example', () => {
    const program = fencedBlockAfter('reference:python', 'python');
    const script = `${program}\nimport json, sys\nr = json.load(sys.stdin)\nprint(json.dumps(draw(r["secret"], r["sources"], r["items"], r["count"])))`;
    const run = spawnSync('python3', ['-c', script], {
      input: JSON.stringify(record),
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(record.result);
  });
});
