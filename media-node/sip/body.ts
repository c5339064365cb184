import { parseParams } from './headers.js';
import { header, type SipMessage } from './message.js';

/** Media type without parameters, lower-cased: `application/sdp`. */
export function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase();
}

/** Splits a multipart body (RFC 2046) into its parts; malformed input yields no parts, never an error. */
export function multipartParts(contentType: string, body: Buffer): { contentType: string; content: Buffer }[] {
  let boundary: string | null | undefined;
  try {
    boundary = parseParams(contentType.slice(contentType.indexOf(';'))).boundary;
  } catch {
    return [];
  }
  if (!boundary) return [];
  const text = body.toString('latin1');
  const delimiter = `--${boundary}`;
  const parts: { contentType: string; content: Buffer }[] = [];
  const chunks = text.split(delimiter).slice(1);
  for (const chunk of chunks) {
    if (chunk.startsWith('--')) break;
    const part = chunk.replace(/^\r?\n/, '').replace(/\r?\n$/, '');
    const split = /\r?\n\r?\n/.exec(part);
    const head = split ? part.slice(0, split.index) : '';
    const content = split ? part.slice(split.index + split[0].length) : part;
    const type = /^content-type\s*:\s*(.*)$/im.exec(head)?.[1]?.trim() ?? 'text/plain';
    parts.push({ contentType: type, content: Buffer.from(content, 'latin1') });
  }
  return parts;
}

/** The SDP of a message: the whole body when it is application/sdp, else the SDP part of a multipart body. */
export function sdpOf(message: SipMessage): string | undefined {
  if (message.body.length === 0) return undefined;
  const contentType = header(message, 'Content-Type') ?? 'application/sdp';
  const type = mediaType(contentType);
  if (type === 'application/sdp') return message.body.toString('utf8');
  if (type?.startsWith('multipart/')) {
    const part = multipartParts(contentType, message.body).find((p) => mediaType(p.contentType) === 'application/sdp');
    return part?.content.toString('utf8');
  }
  return undefined;
}
