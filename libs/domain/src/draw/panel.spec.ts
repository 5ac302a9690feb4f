import { createHash } from 'node:crypto';
import { PoolExaminer, drawPanel, selectPanelMembers } from './panel';
import { verifyDrawRecord } from './record';
import { DrawError } from './rfc3797';

const SOURCES = ['S-2020-ENG-02', '2020-06-12T08:00:00+08:00', '3141'];
const secretFor = (label: string) => createHash('sha256').update(label).digest('hex');
const examiner = (id: string, hiringSide = false): PoolExaminer => ({ id, hiringSide });

// E02, E05 and E07 work for the hiring side; E04 is recused.
const POOL: PoolExaminer[] = [
  examiner('E08'),
  examiner('E01'),
  examiner('E02', true),
  examiner('E03'),
  examiner('E04'),
  examiner('E05', true),
  examiner('E06'),
  examiner('E07', true),
];

/**
 * The rule as the issue words it, step by step: a pick that would seat a second hiring-side
 * examiner leaves the unpicked list without being picked, and the step index moves on.
 */
function referencePanel(secret: string, sources: string[], pool: PoolExaminer[], size: number) {
  const key = Buffer.from(`${secret}/${sources.map((s) => `${s}/`).join('')}`, 'utf8');
  const unpicked = [...pool].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const panel: string[] = [];
  let hiringSideSeated = false;
  for (let i = 0; panel.length < size; i++) {
    const index = Buffer.from([i >> 8, i & 0xff]);
    const hash = createHash('sha256')
      .update(Buffer.concat([index, key, index]))
      .digest();
    const r = Number(BigInt(`0x${hash.toString('hex')}`) % BigInt(unpicked.length));
    const [candidate] = unpicked.splice(r, 1);
    if (candidate.hiringSide && hiringSideSeated) continue;
    hiringSideSeated ||= candidate.hiringSide;
    panel.push(candidate.id);
  }
  return panel;
}

describe('drawPanel', () => {
  it('matches a fixed vector computed with a separate Python implementation', () => {
    const { record, members } = drawPanel({
      secret: secretFor('panel 0'),
      sources: SOURCES,
      pool: POOL,
      size: 5,
      recusedIds: ['E04', 'E99'],
    });
    expect(record.items).toEqual(['E01', 'E02', 'E03', 'E05', 'E06', 'E07', 'E08']);
    expect(record.count).toBe(7);
    expect(record.result).toEqual(['E07', 'E01', 'E03', 'E02', 'E05', 'E08', 'E06']);
    // E02 and E05 are drawn after E07 has taken the hiring-side seat, so they are skipped
    expect(record.panel).toEqual({
      size: 5,
      hiringSide: ['E02', 'E05', 'E07'],
      recused: ['E04'],
      members: ['E07', 'E01', 'E03', 'E08', 'E06'],
    });
    expect(members).toEqual([
      examiner('E07', true),
      examiner('E01'),
      examiner('E03'),
      examiner('E08'),
      examiner('E06'),
    ]);
    expect(verifyDrawRecord(record)).toEqual({ ok: true });
  });

  it('agrees with the step-by-step definition and never seats two hiring-side examiners', () => {
    const largePool = Array.from({ length: 15 }, (_, k) =>
      examiner(`X${String(k).padStart(2, '0')}`, k % 3 === 0),
    );
    let panelsWithHiringSide = 0;
    for (let n = 0; n < 200; n++) {
      const secret = secretFor(`panel property ${n}`);
      const { record, members } = drawPanel({
        secret,
        sources: SOURCES,
        pool: largePool,
        size: 7,
        recusedIds: ['X01'],
      });
      const ids = members.map((member) => member.id);
      const eligible = largePool.filter((member) => member.id !== 'X01');
      expect(ids).toEqual(referencePanel(secret, SOURCES, eligible, 7));
      expect(ids).not.toContain('X01');
      expect(new Set(ids).size).toBe(7);
      const hiringSideCount = members.filter((member) => member.hiringSide).length;
      expect(hiringSideCount).toBeLessThanOrEqual(1);
      panelsWithHiringSide += hiringSideCount;
      expect(verifyDrawRecord(record)).toEqual({ ok: true });
    }
    // 5 of the 14 eligible are hiring side, so most panels of 7 include exactly one of them
    expect(panelsWithHiringSide).toBeGreaterThan(150);
  });

  it('refuses clearly when recusals and the hiring-side rule leave too few seats', () => {
    const input = { secret: secretFor('x'), sources: SOURCES, pool: POOL, recusedIds: ['E04'] };
    expect(() => drawPanel({ ...input, size: 6 })).toThrow(DrawError);
    expect(() => drawPanel({ ...input, size: 6 })).toThrow(
      'cannot fill a panel of 6: 7 eligible examiner(s) after 1 recusal(s), 3 of them from the ' +
        'hiring side, of whom at most 1 may sit, so at most 5 can sit',
    );
    expect(() => drawPanel({ ...input, pool: [], size: 1 })).toThrow(/at most 0 can sit/);
  });

  it('refuses a duplicated pool entry and a non-positive size', () => {
    const input = { secret: secretFor('x'), sources: SOURCES };
    expect(() => drawPanel({ ...input, pool: [...POOL, examiner('E01')], size: 3 })).toThrow(
      "examiner 'E01' appears twice in the pool",
    );
    expect(() => drawPanel({ ...input, pool: POOL, size: 0 })).toThrow(/whole number >= 1/);
  });

  it('makes the panel depend on the public sources', () => {
    const panels = new Set<string>();
    for (const supervisorValue of ['1', '2', '3', '4', '5', '6']) {
      const { record } = drawPanel({
        secret: secretFor('fixed'),
        sources: ['S-1', '2020-06-12T08:00:00Z', supervisorValue],
        pool: POOL,
        size: 3,
      });
      panels.add(record.panel.members.join(','));
    }
    expect(panels.size).toBeGreaterThan(1);
  });
});

describe('selectPanelMembers', () => {
  it('skips hiring-side examiners after the first and stops when the panel is full', () => {
    expect(selectPanelMembers(['H1', 'A', 'H2', 'B', 'C', 'D'], ['H1', 'H2'], 3)).toEqual([
      'H1',
      'A',
      'B',
    ]);
  });

  it('returns undefined when the order cannot fill the panel', () => {
    expect(selectPanelMembers(['H1', 'H2', 'A'], ['H1', 'H2'], 3)).toBeUndefined();
  });
});
