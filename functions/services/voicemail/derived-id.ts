import { sha256Hex } from '../auth/random.js';

/**
 * A UUID-shaped id that follows from `name` (version 5 layout over SHA-256). Consumers of the
 * outbox may run twice for one event; ids derived from the event keep the second run a no-op.
 */
export async function derivedId(name: string): Promise<string> {
  const hex = (await sha256Hex(name)).slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
