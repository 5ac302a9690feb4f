// rfc3797-sha256-v1 in the browser (Web Crypto), so the public page checks a record itself
// instead of trusting the server's word. Same algorithm as libs/domain/src/draw (docs/draw.md).

export interface DrawRecordJson {
  algorithm: string;
  commitment: string;
  secret: string;
  sources: string[];
  items: string[];
  count: number;
  result: string[];
}

const toHex = (buffer: ArrayBuffer) =>
  [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, '0')).join('');

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
}

export function commitmentOf(secret: string): Promise<string> {
  return sha256Hex(new TextEncoder().encode(secret));
}

export async function recomputeResult(record: DrawRecordJson): Promise<string[]> {
  const key = new TextEncoder().encode(
    `${record.secret}/${record.sources.map((s) => `${s}/`).join('')}`,
  );
  const unpicked = [...record.items];
  const picks: string[] = [];
  for (let i = 0; i < record.count && unpicked.length > 0; i += 1) {
    const message = new Uint8Array(key.length + 4);
    message.set([i >> 8, i & 0xff], 0);
    message.set(key, 2);
    message.set([i >> 8, i & 0xff], key.length + 2);
    const r = Number(BigInt(`0x${await sha256Hex(message)}`) % BigInt(unpicked.length));
    picks.push(...unpicked.splice(r, 1));
  }
  return picks;
}

export interface Verdict {
  commitmentMatches: boolean;
  resultMatches: boolean;
}

export async function verifyRecord(record: DrawRecordJson): Promise<Verdict> {
  const [commitment, result] = await Promise.all([
    commitmentOf(record.secret),
    recomputeResult(record),
  ]);
  return {
    commitmentMatches: commitment === record.commitment,
    resultMatches: JSON.stringify(result) === JSON.stringify(record.result),
  };
}
