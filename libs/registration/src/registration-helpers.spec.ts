import { neutralizeFormula, toCsv } from './export-format';
import { decodeMultipartFileName, detectFileType, safeFileName } from './file-type';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('detectFileType', () => {
  it('recognises PDF, PNG and JPEG by their first bytes', () => {
    expect(detectFileType(Buffer.from('%PDF-1.7\n...'))).toMatchObject({
      allowed: true,
      contentType: 'application/pdf',
    });
    expect(detectFileType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toMatchObject({
      allowed: true,
      contentType: 'image/png',
    });
    expect(detectFileType(bytes(0xff, 0xd8, 0xff, 0xe0))).toMatchObject({
      allowed: true,
      contentType: 'image/jpeg',
    });
  });

  it.each([
    ['an ELF binary', bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1), 'elf-executable'],
    ['a Windows executable', Buffer.from('MZ\x90\x00'), 'windows-executable'],
    ['a Mach-O binary', bytes(0xcf, 0xfa, 0xed, 0xfe), 'mach-o-executable'],
    ['a shell script', Buffer.from('#!/bin/sh\nrm -rf /'), 'script'],
    ['a zip archive', bytes(0x50, 0x4b, 0x03, 0x04), 'zip'],
    ['text', Buffer.from('hello'), 'unknown'],
    ['an empty file', bytes(), 'unknown'],
    ['a truncated PNG signature', bytes(0x89, 0x50, 0x4e), 'unknown'],
    ['"PDF" not at the start', Buffer.from(' %PDF-1.4'), 'unknown'],
  ])('refuses %s', (_name, content, detected) => {
    expect(detectFileType(content)).toEqual({ allowed: false, detected });
  });
});

describe('safeFileName', () => {
  it('keeps the base name without paths or control characters', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\张三\\学位证.pdf')).toBe('学位证.pdf');
    expect(safeFileName('a\u0000b\nc.pdf')).toBe('abc.pdf');
    expect(safeFileName('')).toBe('file');
    expect(safeFileName('x'.repeat(300))).toHaveLength(120);
    expect(safeFileName('简历\u202Efdp.exe')).toBe('简历fdp.exe');
    expect(safeFileName('\u2067证\u2069\u200B\u200E书.png')).toBe('证书.png');
    expect(safeFileName('..')).toBe('file');
    expect(Array.from(safeFileName('😀'.repeat(300)))).toHaveLength(120);
    expect(safeFileName('😀'.repeat(300))).toBe('😀'.repeat(120));
  });
});

describe('CSV export', () => {
  it('starts with a BOM, quotes what needs quoting and ends lines with CRLF', () => {
    expect(toCsv(['姓名', '备注'], [['张三', 'a,"b"']])).toBe(
      '\uFEFF姓名,备注\r\n张三,"a,""b"""\r\n',
    );
  });

  it('neutralises spreadsheet formulas from user input', () => {
    expect(neutralizeFormula('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(neutralizeFormula('+1')).toBe("'+1");
    expect(neutralizeFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralizeFormula('张三')).toBe('张三');
    expect(toCsv(['a'], [['-2+3']])).toBe("\uFEFFa\r\n'-2+3\r\n");
  });
});

describe('decodeMultipartFileName', () => {
  it('re-reads UTF-8 names that arrived as Latin-1 and leaves other names alone', () => {
    expect(decodeMultipartFileName(Buffer.from('学位证.png', 'utf8').toString('latin1'))).toBe(
      '学位证.png',
    );
    expect(decodeMultipartFileName('scan.pdf')).toBe('scan.pdf');
    expect(decodeMultipartFileName('学位证.png')).toBe('学位证.png');
    expect(decodeMultipartFileName('caf\u00e9.pdf')).toBe('caf\u00e9.pdf');
  });
});
