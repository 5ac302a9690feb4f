import { beijingTime, fromBeijingInput, toBeijingInput } from './beijing-time';

// The pages read and show every moment in Beijing time; these hold whatever zone the test runs in.
describe('Beijing time', () => {
  it('shows an instant as Beijing reads it, across the date line', () => {
    expect(beijingTime('2030-06-30T17:30:00.000Z', 'zh-CN')).toBe('2030/07/01 01:30');
    expect(beijingTime('2030-06-30T17:30:05.000Z', 'en', { seconds: true })).toBe(
      '01/07/2030, 01:30:05',
    );
  });

  it('fills a datetime-local input with Beijing time and reads one back as the same instant', () => {
    expect(toBeijingInput('2030-06-30T17:30:00.000Z')).toBe('2030-07-01T01:30');
    expect(toBeijingInput(null)).toBe('');
    expect(fromBeijingInput('2030-07-01T01:30')).toBe('2030-06-30T17:30:00.000Z');
    expect(fromBeijingInput('2030-07-01T01:30:15')).toBe('2030-06-30T17:30:15.000Z');
    expect(fromBeijingInput(toBeijingInput('2026-12-07T23:59:00.000Z'))).toBe(
      '2026-12-07T23:59:00.000Z',
    );
  });

  it('leaves an empty or unreadable value for the api to judge', () => {
    expect(fromBeijingInput('')).toBe('');
    expect(fromBeijingInput('2030-13-45T99:00')).toBe('2030-13-45T99:00');
  });
});
