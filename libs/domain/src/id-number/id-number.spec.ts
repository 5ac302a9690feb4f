import {
  ID_NUMBER_REJECTION_MESSAGES,
  idNumberCheckCharacter,
  isValidIdNumber,
  parseIdNumber,
} from './id-number';

// Vectors were built by hand: 17 digits chosen for the case, the 18th from the GB 11643 weights.
const TODAY = '2025-12-31';

describe('parseIdNumber', () => {
  it('accepts the well-known sample with an X check character', () => {
    expect(parseIdNumber('11010519491231002X', TODAY)).toEqual({
      ok: true,
      value: {
        normalized: '11010519491231002X',
        birthDate: '1949-12-31',
        sex: 'female',
        regionCode: '110105',
      },
    });
  });

  it('accepts other X vectors and normalises a lower-case x', () => {
    const sichuan = parseIdNumber('51010719850615731x', TODAY);
    expect(sichuan).toEqual({
      ok: true,
      value: {
        normalized: '51010719850615731X',
        birthDate: '1985-06-15',
        sex: 'male',
        regionCode: '510107',
      },
    });
    expect(parseIdNumber('32010619851205004X', TODAY).ok).toBe(true);
  });

  it('reads the sex from the parity of the 17th digit', () => {
    const male = parseIdNumber('370202199001010015', TODAY); // 17th digit 1
    const female = parseIdNumber('440304200002290022', TODAY); // 17th digit 2
    expect(male.ok && male.value.sex).toBe('male');
    expect(female.ok && female.value.sex).toBe('female');
  });

  it('trims surrounding whitespace', () => {
    const parsed = parseIdNumber('  370202199001010015\n', TODAY);
    expect(parsed.ok && parsed.value.normalized).toBe('370202199001010015');
  });

  it('refuses a wrong check character', () => {
    expect(parseIdNumber('110105194912310021', TODAY)).toEqual({ ok: false, reason: 'checksum' });
    expect(parseIdNumber('370202199001010016', TODAY)).toEqual({ ok: false, reason: 'checksum' });
    // a single mistyped digit in the body changes the expected check character
    expect(parseIdNumber('370202199001010115', TODAY)).toEqual({ ok: false, reason: 'checksum' });
  });

  it('refuses the wrong length and the wrong character set', () => {
    expect(parseIdNumber('', TODAY)).toEqual({ ok: false, reason: 'length' });
    expect(parseIdNumber('37020219900101001', TODAY)).toEqual({ ok: false, reason: 'length' });
    expect(parseIdNumber('3702021990010100155', TODAY)).toEqual({ ok: false, reason: 'length' });
    // the old 15-digit format is not accepted
    expect(parseIdNumber('370202900101001', TODAY)).toEqual({ ok: false, reason: 'length' });
    expect(parseIdNumber('3702021990010X0015', TODAY)).toEqual({ ok: false, reason: 'format' });
    expect(parseIdNumber('37020219900101001Y', TODAY)).toEqual({ ok: false, reason: 'format' });
    expect(parseIdNumber('37020219900101 015', TODAY)).toEqual({ ok: false, reason: 'format' });
  });

  it('accepts Feb 29 in a leap year and refuses it otherwise (1900 was not a leap year)', () => {
    expect(parseIdNumber('440304200002290022', TODAY).ok).toBe(true); // 2000: leap
    expect(parseIdNumber('110101202402290032', TODAY).ok).toBe(true); // 2024: leap
    expect(parseIdNumber('440304190002290026', TODAY)).toEqual({ ok: false, reason: 'birthdate' });
    expect(parseIdNumber('650102200102290017', TODAY)).toEqual({ ok: false, reason: 'birthdate' });
  });

  it('refuses impossible dates with a correct check character', () => {
    expect(parseIdNumber('11010519900230001X', TODAY)).toEqual({ ok: false, reason: 'birthdate' });
    expect(parseIdNumber('110105199013010018', TODAY)).toEqual({ ok: false, reason: 'birthdate' });
  });

  it('refuses births before 1900 and accepts 1900-01-01', () => {
    expect(parseIdNumber('110105189912310015', TODAY)).toEqual({ ok: false, reason: 'birthdate' });
    expect(parseIdNumber('11010519000101001X', TODAY).ok).toBe(true);
  });

  it('refuses birth dates after the injected today, and accepts today itself', () => {
    expect(parseIdNumber('440304202512310029', TODAY).ok).toBe(true);
    expect(parseIdNumber('440304202601010028', TODAY)).toEqual({ ok: false, reason: 'birthdate' });
    expect(parseIdNumber('440304202512310029', '2025-12-30')).toEqual({
      ok: false,
      reason: 'birthdate',
    });
  });

  it('reads a Date today in China Standard Time', () => {
    // 2025-12-30T16:00Z is already 2025-12-31 00:00 in Beijing
    expect(parseIdNumber('440304202512310029', new Date('2025-12-30T16:00:00Z')).ok).toBe(true);
    expect(parseIdNumber('440304202512310029', new Date('2025-12-30T15:59:59Z')).ok).toBe(false);
  });

  it('refuses a region that is not a province-level code', () => {
    // correct check characters, but 91 (foreigners' cards) and 00 are not resident regions
    expect(parseIdNumber('910000198801012345', TODAY)).toEqual({ ok: false, reason: 'region' });
    const body = '00010119900101001';
    expect(parseIdNumber(body + idNumberCheckCharacter(body), TODAY)).toEqual({
      ok: false,
      reason: 'region',
    });
  });

  it('accepts Hong Kong and Taiwan-resident residence permit codes', () => {
    expect(parseIdNumber('810000199505204562', TODAY).ok).toBe(true);
    expect(parseIdNumber('830000198801012345', TODAY).ok).toBe(true);
  });

  it('rejects a malformed today', () => {
    expect(() => parseIdNumber('370202199001010015', '2025-02-30')).toThrow(/YYYY-MM-DD/);
    expect(() => parseIdNumber('370202199001010015', new Date('nonsense'))).toThrow(/invalid/);
  });

  it('has a message in both locales for every reason', () => {
    for (const messages of Object.values(ID_NUMBER_REJECTION_MESSAGES)) {
      expect(messages['zh-CN']).not.toEqual('');
      expect(messages.en).not.toEqual('');
    }
  });
});

describe('idNumberCheckCharacter', () => {
  it('matches the GB 11643 mapping, including X for remainder 2', () => {
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X');
    expect(idNumberCheckCharacter('37020219900101001')).toBe('5');
  });

  it('requires exactly 17 digits', () => {
    expect(() => idNumberCheckCharacter('1101051949123100')).toThrow();
    expect(() => idNumberCheckCharacter('1101051949123100A')).toThrow();
  });
});

describe('isValidIdNumber', () => {
  it('is the boolean form of parseIdNumber', () => {
    expect(isValidIdNumber('11010519491231002X', TODAY)).toBe(true);
    expect(isValidIdNumber('110105194912310021', TODAY)).toBe(false);
  });
});
