import { bundledDisciplines, bundledUniversities, parseUniversitiesCsv } from './bundled';
import { CsvError, parseCsv, parseCsvRecords } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and newlines', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi"""\n"multi\nline",z\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['multi\nline', 'z'],
    ]);
  });

  it('ignores a BOM, CRLF line ends and a missing final newline', () => {
    expect(parseCsv('\uFEFFa,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps empty fields', () => {
    expect(parseCsv('a,,c\n,,\n')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
    ]);
  });

  it('refuses an unclosed quote and text after a closing quote', () => {
    expect(() => parseCsv('"abc')).toThrow(CsvError);
    expect(() => parseCsv('"abc"d,e')).toThrow(CsvError);
  });

  it('checks the header and the field count of every row', () => {
    expect(() => parseCsvRecords('a,b\n1\n', ['a'])).toThrow('line 2 has 1 fields, expected 2');
    expect(() => parseCsvRecords('a,b\n', ['c'])).toThrow('missing columns: c');
    expect(() => parseCsvRecords('', ['a'])).toThrow('the file is empty');
  });
});

describe('the bundled reference data', () => {
  it('has the 147 universities with the documented tier counts', () => {
    const rows = bundledUniversities();
    expect(rows).toHaveLength(147);
    expect(rows.filter((r) => r.is985)).toHaveLength(39);
    expect(rows.filter((r) => r.is211)).toHaveLength(115);
    expect(rows.every((r) => r.isDoubleFirstClass)).toBe(true);
    expect(rows.find((r) => r.nameZh === '中国石油大学（北京）')?.nameEn).toBe(
      'China University of Petroleum, Beijing',
    );
  });

  it('has 14 categories and 117 first-level disciplines', () => {
    const rows = bundledDisciplines();
    expect(rows.filter((r) => r.level === 'category')).toHaveLength(14);
    expect(rows.filter((r) => r.level === 'discipline')).toHaveLength(117);
    expect(rows.find((r) => r.code === '0812')).toMatchObject({
      nameZh: '计算机科学与技术',
      categoryCode: '08',
    });
  });

  it('refuses a university file with a bad flag or a duplicate name', () => {
    const header = 'name_zh,name_en,is_985,is_211,is_double_first_class\n';
    expect(() => parseUniversitiesCsv(`${header}甲大学,A,yes,true,true\n`)).toThrow(
      'is_985 must be true or false',
    );
    expect(() =>
      parseUniversitiesCsv(`${header}甲大学,A,true,true,true\n甲大学,A,true,true,true\n`),
    ).toThrow('appears twice');
  });
});
