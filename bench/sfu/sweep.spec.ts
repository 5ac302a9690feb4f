import { cpuPct, cpuPer10kPps, lastGoodStep, roomSteps, StepResult, stopReason } from './sweep';

const step = (rooms: number, lossPct: number, maxWorkerCpuPct: number): StepResult => ({
  rooms,
  pps: rooms * 5000,
  lossPct,
  maxWorkerCpuPct,
  workerCpuPct: maxWorkerCpuPct * 2,
  recorderCpuPct: 0,
  recordedStreams: 0,
});

describe('the capacity sweep rules', () => {
  it('stops when loss exceeds 1% or a worker reaches 85% of a core', () => {
    expect(stopReason(step(3, 0.5, 40))).toBeNull();
    expect(stopReason(step(3, 1, 84.9))).toBeNull();
    expect(stopReason(step(3, 1.01, 10))).toMatch(/loss/);
    expect(stopReason(step(3, 0, 85))).toMatch(/worker CPU/);
  });

  it('reports the last step before the first failing one', () => {
    const steps = [step(1, 0, 10), step(3, 0.2, 40), step(5, 2, 60), step(7, 0, 50)];
    expect(lastGoodStep(steps)?.rooms).toBe(3);
    expect(lastGoodStep([step(1, 5, 10)])).toBeNull();
    expect(lastGoodStep([])).toBeNull();
  });

  it('derives CPU per 10k forwarded pps and CPU percent', () => {
    expect(cpuPer10kPps(30, 20_000)).toBe(15);
    expect(cpuPer10kPps(30, 0)).toBe(0);
    expect(cpuPct(1000, 1500, 1000)).toBe(50);
  });

  it('parses the room steps, sorted, deduplicated and capped', () => {
    expect(roomSteps('5, 1,3,3,x,40', 30)).toEqual([1, 3, 5]);
    expect(roomSteps(undefined, 3)).toEqual([1, 2, 3]);
  });
});
