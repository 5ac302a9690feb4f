import { examinerLeniency } from './leniency';

describe('examinerLeniency', () => {
  it('averages each examiner’s deviation from the panel mean across candidates', () => {
    const result = examinerLeniency([
      {
        candidateId: 'C1', // panel mean 85
        totals: [
          { examinerId: 'E1', total: 80 },
          { examinerId: 'E2', total: 90 },
          { examinerId: 'E3', total: 85 },
        ],
      },
      {
        candidateId: 'C2', // panel mean 73
        totals: [
          { examinerId: 'E2', total: 76 },
          { examinerId: 'E1', total: 70 },
          { examinerId: 'E4', total: 73 },
        ],
      },
    ]);
    expect(result).toEqual([
      { examinerId: 'E1', candidateCount: 2, meanDeviation: -4 }, // (-5 - 3) / 2
      { examinerId: 'E2', candidateCount: 2, meanDeviation: 4 }, // (+5 + 3) / 2
      { examinerId: 'E3', candidateCount: 1, meanDeviation: 0 },
      { examinerId: 'E4', candidateCount: 1, meanDeviation: 0 },
    ]);
  });

  it('is exact with thirds and rounds halves away from zero, symmetrically', () => {
    const thirds = examinerLeniency([
      {
        candidateId: 'C1', // mean 80.333…
        totals: [
          { examinerId: 'A', total: 80 },
          { examinerId: 'B', total: 80 },
          { examinerId: 'C', total: 81 },
        ],
      },
      {
        candidateId: 'C2', // mean 60.333…
        totals: [
          { examinerId: 'A', total: 60 },
          { examinerId: 'B', total: 60 },
          { examinerId: 'C', total: 61 },
        ],
      },
    ]);
    // A: -1/3 twice → -0.33; C: +2/3 twice → +0.67 (a float sum of rounded parts would agree here,
    // the halves below would not)
    expect(thirds.map((entry) => entry.meanDeviation)).toEqual([-0.33, -0.33, 0.67]);

    const halves = examinerLeniency([
      {
        candidateId: 'C1', // mean 0.005
        totals: [
          { examinerId: 'low', total: 0 },
          { examinerId: 'high', total: 0.01 },
        ],
      },
    ]);
    expect(halves).toEqual([
      { examinerId: 'high', candidateCount: 1, meanDeviation: 0.01 },
      { examinerId: 'low', candidateCount: 1, meanDeviation: -0.01 },
    ]);
  });

  it('spots the outlier examiner on a realistic run', () => {
    const panels = [0, 1, 2, 3].map((n) => ({
      candidateId: `C${n}`,
      totals: [
        { examinerId: 'E1', total: 80 + n },
        { examinerId: 'E2', total: 81 + n },
        { examinerId: 'E3', total: 79 + n },
        { examinerId: 'E4', total: 80 + n },
        { examinerId: 'harsh', total: 65 + n },
      ],
    }));
    // every panel mean is 77 + n: the harsh examiner drags it down, so the others sit above it
    expect(examinerLeniency(panels)).toEqual([
      { examinerId: 'E1', candidateCount: 4, meanDeviation: 3 },
      { examinerId: 'E2', candidateCount: 4, meanDeviation: 4 },
      { examinerId: 'E3', candidateCount: 4, meanDeviation: 2 },
      { examinerId: 'E4', candidateCount: 4, meanDeviation: 3 },
      { examinerId: 'harsh', candidateCount: 4, meanDeviation: -12 },
    ]);
  });

  it('skips single-examiner panels and refuses malformed panels', () => {
    expect(
      examinerLeniency([{ candidateId: 'C1', totals: [{ examinerId: 'E1', total: 50 }] }]),
    ).toEqual([]);
    const twice = [
      { examinerId: 'E1', total: 50 },
      { examinerId: 'E1', total: 60 },
    ];
    expect(() => examinerLeniency([{ candidateId: 'C1', totals: twice }])).toThrow(/twice/);
    const fractional = [
      { examinerId: 'E1', total: 50.001 },
      { examinerId: 'E2', total: 60 },
    ];
    expect(() => examinerLeniency([{ candidateId: 'C1', totals: fractional }])).toThrow(
      /not a two-decimal number/,
    );
  });
});
