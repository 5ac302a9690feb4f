import { createHash } from 'node:crypto';
import { canonicalJson } from '@yunzhao/domain';
import {
  BANK_FORMAT,
  bankCommitment,
  canonicalBank,
  QuestionSetInput,
  readBankImport,
} from './bank-content';
import { readBankXlsx, unpackedZipSize, writeBankXlsx, XlsxReadError } from './bank-xlsx';
import {
  ContentBoxError,
  openContent,
  QUESTION_BANK_KEY_LABEL,
  questionBankKey,
  sealContent,
} from './content-crypto';
import { detectImportFormat } from './question-bank.service';

const SET_ID = '00000000-0000-4000-8000-000000000001';
const OTHER_ID = '00000000-0000-4000-8000-000000000002';

const sampleSet = (code: string, text = '请谈谈你对科技成果转化的理解。'): QuestionSetInput => ({
  code,
  categoryCode: 'ENG',
  title: `工学类 ${code} 卷`,
  questions: [
    {
      text,
      dimensions: ['综合分析能力'],
      timeAllowedSeconds: 300,
      guidance: {
        referencePoints: ['能说明转化的主要环节'],
        bands: [
          { label: '好', min: 16, max: 20, description: '观点明确' },
          { label: '中', min: 10, max: 15 },
        ],
      },
    },
  ],
});

describe('question bank key', () => {
  it('reads a 64-hex key and the same key written as base64', () => {
    const hex = 'ab'.repeat(32);
    const fromHex = questionBankKey(hex, 'x'.repeat(32));
    expect(fromHex.toString('hex')).toBe(hex);
    expect(questionBankKey(fromHex.toString('base64'), 'x'.repeat(32))).toEqual(fromHex);
  });

  it('derives a development key from JWT_SECRET with its own HKDF label', () => {
    const a = questionBankKey(undefined, 'j'.repeat(40));
    expect(a).toHaveLength(32);
    expect(questionBankKey(undefined, 'j'.repeat(40))).toEqual(a);
    expect(questionBankKey(undefined, 'k'.repeat(40))).not.toEqual(a);
    // Not the secret itself, nor a plain hash of it.
    expect(a.toString('hex')).not.toBe(createHash('sha256').update('j'.repeat(40)).digest('hex'));
    expect(QUESTION_BANK_KEY_LABEL).toMatch(/question-bank/);
  });

  it('refuses a key of the wrong length', () => {
    expect(() => questionBankKey('abcd', 'x'.repeat(32))).toThrow(ContentBoxError);
  });
});

describe('content boxes (AES-256-GCM)', () => {
  const key = questionBankKey('11'.repeat(32), '');

  it('round-trips, and the stored bytes do not contain the text', () => {
    const box = sealContent(key, SET_ID, '机密题目 secret question');
    expect(box.toString('utf8')).not.toContain('secret question');
    expect(box.toString('latin1')).not.toContain('secret');
    expect(openContent(key, SET_ID, box)).toBe('机密题目 secret question');
  });

  it('uses a fresh IV each time', () => {
    expect(sealContent(key, SET_ID, 'same')).not.toEqual(sealContent(key, SET_ID, 'same'));
  });

  it('does not open with another key, on another row, or after a bit flip', () => {
    const box = sealContent(key, SET_ID, 'text');
    expect(() => openContent(questionBankKey('22'.repeat(32), ''), SET_ID, box)).toThrow(
      ContentBoxError,
    );
    expect(() => openContent(key, OTHER_ID, box)).toThrow(ContentBoxError);
    const flipped = Buffer.from(box);
    flipped[flipped.length - 1] ^= 1;
    expect(() => openContent(key, SET_ID, flipped)).toThrow(ContentBoxError);
    expect(() => openContent(key, SET_ID, Buffer.from([1, 2, 3]))).toThrow(ContentBoxError);
  });
});

describe('canonical bank content and its commitment', () => {
  it('does not depend on set order or key order', () => {
    const a = sampleSet('A');
    const b = sampleSet('B');
    const reordered = JSON.parse(JSON.stringify(b), (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v as object).reverse())
        : v,
    ) as QuestionSetInput;
    expect(bankCommitment('c1', [a, b])).toBe(bankCommitment('c1', [reordered, a]));
  });

  it('is SHA-256 of the canonical JSON, and changes with any edit', () => {
    const sets = [sampleSet('A')];
    const canonical = canonicalBank('c1', sets);
    expect(canonical).toBe(
      canonicalJson({ format: BANK_FORMAT, campaignId: 'c1', sets: sets.map((s) => ({ ...s })) }),
    );
    expect(bankCommitment('c1', sets)).toBe(createHash('sha256').update(canonical).digest('hex'));
    expect(bankCommitment('c1', [sampleSet('A', '另一道题')])).not.toBe(bankCommitment('c1', sets));
    expect(bankCommitment('c2', sets)).not.toBe(bankCommitment('c1', sets));
  });
});

describe('reading an import', () => {
  it('accepts a well-formed bank and trims text', () => {
    const input = {
      format: BANK_FORMAT,
      warningSeconds: 120,
      sets: [{ ...sampleSet('A'), code: ' A ' }],
    };
    const read = readBankImport(input, ['ENG']);
    expect(read).toEqual({ ok: true, bank: { warningSeconds: 120, sets: [sampleSet('A')] } });
  });

  it.each([
    [{ sets: [] }, '$.sets', 'required'],
    [
      { sets: [{ ...sampleSet('A'), categoryCode: 'LAW' }] },
      '$.sets[0].categoryCode',
      'unknown_category',
    ],
    [{ sets: [sampleSet('A'), sampleSet('A')] }, '$.sets[1].code', 'duplicate_code'],
    [{ sets: [sampleSet('a/b')] }, '$.sets[0].code', 'bad_code'],
    [{ sets: [sampleSet('A')], extra: 1 }, '$.extra', 'unknown_field'],
    [{ format: 'other', sets: [sampleSet('A')] }, '$.format', 'unknown_format'],
    [
      {
        sets: [
          {
            ...sampleSet('A'),
            questions: [{ ...sampleSet('A').questions[0], timeAllowedSeconds: 5 }],
          },
        ],
      },
      '$.sets[0].questions[0].timeAllowedSeconds',
      'out_of_range_30_3600',
    ],
    [
      {
        sets: [
          { ...sampleSet('A'), questions: [{ ...sampleSet('A').questions[0], dimensions: [] }] },
        ],
      },
      '$.sets[0].questions[0].dimensions',
      'required',
    ],
    [
      {
        sets: [
          {
            ...sampleSet('A'),
            questions: [
              {
                ...sampleSet('A').questions[0],
                guidance: { bands: [{ label: 'x', min: 9, max: 1 }] },
              },
            ],
          },
        ],
      },
      '$.sets[0].questions[0].guidance.bands[0]',
      'min_above_max',
    ],
  ])('names the problem in %j', (input, path, problem) => {
    const read = readBankImport(input, ['ENG']);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problems).toContainEqual({ path, problem });
  });

  it('refuses what is not an object', () => {
    expect(readBankImport([1], ['ENG'])).toEqual({
      ok: false,
      problems: [{ path: '$', problem: 'not_object' }],
    });
  });
});

describe('XLSX form', () => {
  it('reads back what it writes, as the JSON form', async () => {
    const sets = [
      sampleSet('A'),
      {
        ...sampleSet('B'),
        questions: [...sampleSet('B').questions, ...sampleSet('B', '第二题').questions],
      },
    ];
    const bytes = await writeBankXlsx(sets);
    expect(detectImportFormat(bytes)).toBe('xlsx');
    const raw = await readBankXlsx(bytes);
    expect(readBankImport(raw, ['ENG'])).toEqual({ ok: true, bank: { sets } });
  });

  it('refuses a workbook that would unpack beyond the limit, before inflating it', async () => {
    const bytes = await writeBankXlsx([sampleSet('A')]);
    const unpacked = unpackedZipSize(bytes);
    expect(unpacked).toBeGreaterThan(bytes.length);
    await expect(
      readBankXlsx(bytes, { maxRows: 100, maxUnpackedBytes: unpacked - 1 }),
    ).rejects.toThrow(XlsxReadError);
    await expect(
      readBankXlsx(bytes, { maxRows: 100, maxUnpackedBytes: unpacked }),
    ).resolves.toBeTruthy();
    await expect(readBankXlsx(Buffer.from('PK\x03\x04 truncated'))).rejects.toThrow(XlsxReadError);
  });

  it('detects JSON by content (with a BOM) and refuses anything else', () => {
    expect(detectImportFormat(Buffer.from('\uFEFF  {"sets":[]}'))).toBe('json');
    expect(detectImportFormat(Buffer.from('%PDF-1.7'))).toBeNull();
    expect(detectImportFormat(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))).toBeNull();
  });
});
