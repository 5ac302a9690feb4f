import { maskIdNumber, maskPhone } from './mask';

describe('maskIdNumber', () => {
  it('keeps the first 3 and last 4 characters of an 18-character number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
    expect(maskIdNumber('11010519491231002x')).toBe('110***********002X');
    expect(maskIdNumber('370202199001010015')).toHaveLength(18);
  });

  it('stars short values completely instead of revealing them', () => {
    expect(maskIdNumber('1234567')).toBe('*******');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('maskPhone', () => {
  it('masks the middle four digits of a mainland mobile number', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone(' 13812341234 ')).toBe('138****1234');
  });

  it('keeps the same rule for other lengths', () => {
    expect(maskPhone('053112345678')).toBe('053*****5678');
    expect(maskPhone('12345')).toBe('*****');
  });
});
