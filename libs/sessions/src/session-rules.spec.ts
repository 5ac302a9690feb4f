import {
  assignmentsOf,
  isInsideWindow,
  isQualified,
  joinWindow,
  panelSizeProblem,
  positionsFromOrder,
  repeatedUserIds,
  roomTokenExpiry,
} from './session-rules';

describe('panelSizeProblem (the chief counts as one of the panel)', () => {
  it.each([
    [2, undefined],
    [4, undefined],
    [8, undefined],
    [14, undefined],
  ])('accepts a chief plus %i examiners', (examiners, expected) => {
    expect(panelSizeProblem(examiners)).toEqual(expected);
  });

  it.each([
    [0, 1],
    [1, 2],
    [3, 4],
    [5, 6],
    [16, 17],
  ])('refuses a chief plus %i examiners (panel of %i)', (examiners, panelSize) => {
    expect(panelSizeProblem(examiners)).toEqual({ panelSize });
  });
});

describe('assignments', () => {
  const panel = {
    chiefExaminerId: 'c',
    examinerIds: ['e1', 'e2'],
    scoreClerkId: 'k',
    supervisorIds: ['s'],
    proctorIds: ['p'],
  };

  it('lists every assignment with its role', () => {
    expect(assignmentsOf(panel)).toEqual([
      { userId: 'c', role: 'chief_examiner' },
      { userId: 'e1', role: 'examiner' },
      { userId: 'e2', role: 'examiner' },
      { userId: 'k', role: 'score_clerk' },
      { userId: 's', role: 'supervisor' },
      { userId: 'p', role: 'proctor' },
    ]);
    expect(assignmentsOf({ ...panel, scoreClerkId: null, proctorIds: undefined })).toHaveLength(4);
  });

  it('finds a person given two parts', () => {
    expect(repeatedUserIds(assignmentsOf(panel))).toEqual([]);
    expect(repeatedUserIds(assignmentsOf({ ...panel, supervisorIds: ['e2'] }))).toEqual(['e2']);
  });

  it('lets a chief examiner sit as an ordinary examiner but not the other way round', () => {
    expect(isQualified('examiner', ['chief_examiner'])).toBe(true);
    expect(isQualified('chief_examiner', ['examiner'])).toBe(false);
    expect(isQualified('supervisor', ['hr'])).toBe(false);
    expect(isQualified('proctor', ['proctor', 'candidate'])).toBe(true);
  });
});

describe('join window and token expiry', () => {
  const start = new Date('2020-06-12T08:00:00Z');
  const end = new Date('2020-06-12T12:00:00Z');
  const window = joinWindow(start, end, 30);

  it('opens early and closes 30 minutes after the end', () => {
    expect(window.opensAt.toISOString()).toBe('2020-06-12T07:30:00.000Z');
    expect(window.closesAt.toISOString()).toBe('2020-06-12T12:30:00.000Z');
    expect(isInsideWindow(new Date('2020-06-12T07:29:59Z'), window)).toBe(false);
    expect(isInsideWindow(new Date('2020-06-12T07:30:00Z'), window)).toBe(true);
    expect(isInsideWindow(new Date('2020-06-12T12:30:00Z'), window)).toBe(true);
    expect(isInsideWindow(new Date('2020-06-12T12:30:01Z'), window)).toBe(false);
  });

  it('expires after the TTL, but never later than 30 minutes after the end', () => {
    const endSeconds = end.getTime() / 1000;
    expect(roomTokenExpiry(endSeconds - 3600, 600, endSeconds)).toBe(endSeconds - 3000);
    expect(roomTokenExpiry(endSeconds + 1500, 600, endSeconds)).toBe(endSeconds + 1800);
  });
});

describe('positionsFromOrder', () => {
  it('numbers the drawn order from 1', () => {
    expect([...positionsFromOrder(['b', 'c', 'a'])]).toEqual([
      ['b', 1],
      ['c', 2],
      ['a', 3],
    ]);
  });
});
