// What an uploaded file really is, from its first bytes. The name and the
// client's Content-Type are ignored: a renamed executable stays an executable.

export type AllowedFileType = 'application/pdf' | 'image/jpeg' | 'image/png';

export type DetectedFileType =
  | { allowed: true; contentType: AllowedFileType; extension: 'pdf' | 'jpg' | 'png' }
  | {
      allowed: false;
      detected:
        | 'elf-executable'
        | 'windows-executable'
        | 'mach-o-executable'
        | 'script'
        | 'zip'
        | 'unknown';
    };

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  bytes.length >= offset + signature.length &&
  signature.every((byte, i) => bytes[offset + i] === byte);

export function detectFileType(bytes: Uint8Array): DetectedFileType {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d]))
    return { allowed: true, contentType: 'application/pdf', extension: 'pdf' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { allowed: true, contentType: 'image/png', extension: 'png' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff]))
    return { allowed: true, contentType: 'image/jpeg', extension: 'jpg' };
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46]))
    return { allowed: false, detected: 'elf-executable' };
  if (startsWith(bytes, [0x4d, 0x5a])) return { allowed: false, detected: 'windows-executable' };
  if (
    startsWith(bytes, [0xcf, 0xfa, 0xed, 0xfe]) ||
    startsWith(bytes, [0xce, 0xfa, 0xed, 0xfe]) ||
    startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe])
  )
    return { allowed: false, detected: 'mach-o-executable' };
  if (startsWith(bytes, [0x23, 0x21])) return { allowed: false, detected: 'script' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { allowed: false, detected: 'zip' };
  return { allowed: false, detected: 'unknown' };
}

/**
 * A file name safe to keep and show: no path, no control characters, no invisible bidi or
 * zero-width marks (a right-to-left override shows "简历\u202Efdp.exe" as "简历exe.pdf"), at
 * most 120 characters, never cut inside a surrogate pair.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    .trim();
  const kept = cleaned === '.' || cleaned === '..' ? '' : cleaned;
  return Array.from(kept || 'file')
    .slice(0, 120)
    .join('');
}

/**
 * Multer hands over a multipart file name's UTF-8 bytes read as Latin-1
 * ("学位证" arrives as "å­¦ä½è¯"). Re-read them as UTF-8 when that gives valid
 * text; keep the name as it is otherwise.
 */
export function decodeMultipartFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- any Latin-1 code point, control characters included
  if (!/^[\u0000-\u00ff]*$/.test(name)) return name;
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? name : decoded;
}
