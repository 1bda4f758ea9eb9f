export const TRUNCATION_MARK = '…[truncated]';

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character, and marks the
 * cut. The mark itself is not counted, so a reader always sees where text went missing.
 */
export const clipUtf8 = (text: string, maxBytes: number): { text: string; clipped: boolean } => {
  // No character takes more than 3 UTF-8 bytes per UTF-16 code unit.
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text) <= maxBytes) {
    return { text, clipped: false };
  }
  const bytes = Buffer.from(text.slice(0, maxBytes));
  let end = maxBytes;
  // A continuation byte at the cut means the character started before it: cut before its lead.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end -= 1;
  return { text: bytes.toString('utf8', 0, end) + TRUNCATION_MARK, clipped: true };
};
