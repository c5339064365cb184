import { mediaType, multipartParts } from '../sip/body.js';
import { parseRecordingMetadata, type RecordingMetadata } from './rs-metadata.js';

export const METADATA_TYPE = 'application/rs-metadata+xml';

/**
 * The recording metadata part of a SIPREC INVITE or re-INVITE body (multipart/mixed with the SDP
 * beside it), or null when the body has none. Throws MetadataError for metadata that cannot be read.
 */
export function metadataOf(body: { contentType: string; content: Buffer } | undefined): RecordingMetadata | null {
  if (!body) return null;
  const type = mediaType(body.contentType);
  if (type === METADATA_TYPE) return parseRecordingMetadata(body.content);
  if (!type?.startsWith('multipart/')) return null;
  const part = multipartParts(body.contentType, body.content).find((p) => mediaType(p.contentType) === METADATA_TYPE);
  return part ? parseRecordingMetadata(part.content) : null;
}
