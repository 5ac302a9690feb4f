// Masking for display and logs: enough to recognise one's own number, not enough to misuse it.

const KEEP_START = 3;
const KEEP_END = 4;

/**
 * Keeps the first 3 and last 4 characters and stars the rest, so an 18-character ID number becomes
 * `110***********002X` and an 11-digit mobile number `138****1234`. Input is trimmed first; a value
 * of 7 characters or fewer is starred entirely, since keeping 3 + 4 would reveal all of it.
 */
function maskMiddle(raw: string): string {
  const value = raw.trim();
  if (value.length <= KEEP_START + KEEP_END) return '*'.repeat(value.length);
  return (
    value.slice(0, KEEP_START) +
    '*'.repeat(value.length - KEEP_START - KEEP_END) +
    value.slice(value.length - KEEP_END)
  );
}

/** `11010519491231002X` → `110***********002X` (first 3, eleven stars, last 4). */
export function maskIdNumber(idNumber: string): string {
  return maskMiddle(idNumber.toUpperCase());
}

/** `13812341234` → `138****1234`. */
export function maskPhone(phone: string): string {
  return maskMiddle(phone);
}
