import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A documentId of Strapi's shape (24 lower-case letters and digits, a letter first), for a row
 * the plugin must know the documentId of before it is written (a task's jitter derives from it).
 */
export const newDocumentId = () =>
  [...randomBytes(24)]
    .map((byte, index) => (index === 0 ? ALPHABET[byte % 26] : ALPHABET[byte % 36]))
    .join('');
