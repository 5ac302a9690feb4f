import { maskAccount } from './session-access';

describe('maskAccount', () => {
  it('masks a phone number like the rest of the platform', () => {
    expect(maskAccount('13812341234')).toBe('138****1234');
  });

  it('keeps only the first letter and the domain of an e-mail address', () => {
    expect(maskAccount('zhao.yun@example.cn')).toBe('z***@example.cn');
  });

  it('leaves staff-made account names alone', () => {
    expect(maskAccount('cand1')).toBe('cand1');
  });
});
