/**
 * Object storage as the central app sees it. The implementations live in platform/storage
 * (filesystem, MinIO/S3) because only the entry files may import runtime modules; handlers reach
 * the one in use through `deps.blobs`.
 */
export interface BlobPutOptions {
  /** Refuse the body when its length differs. */
  size?: number;
  /** Refuse the body when its SHA-256 (lower-case hex) differs. */
  sha256?: string;
  contentType?: string;
}

export interface PresignedPut {
  url: string;
  headers: Record<string, string>;
}

export interface BlobStore {
  kind: 'filesystem' | 's3';
  head(key: string): Promise<{ size: number } | null>;
  put(key: string, body: ReadableStream<Uint8Array> | Uint8Array, options: BlobPutOptions): Promise<void>;
  get(key: string): Promise<ReadableStream<Uint8Array> | null>;
  /**
   * Bytes start..endInclusive of an object (the caller has checked the range against head()),
   * so a browser seeking in a long message does not make us read it from the start.
   */
  getRange?(key: string, start: number, endInclusive: number): Promise<ReadableStream<Uint8Array> | null>;
  delete(key: string): Promise<void>;
  /** Null: the store has no URL of its own, so uploads go through the central app. */
  presignPut(key: string, options: { size?: number; sha256?: string; contentType?: string; seconds?: number }): Promise<PresignedPut | null>;
  presignGet(key: string, seconds: number): Promise<string | null>;
}

/** A body that does not match what the uploader announced; nothing was stored. */
export class BlobMismatchError extends Error {
  readonly code = 'BLOB_MISMATCH';
  constructor(message: string) {
    super(message);
    this.name = 'BlobMismatchError';
  }
}

/** Keys are `/`-separated relative paths of safe characters (no `..`, no leading `/`). */
export function isSafeKey(key: string): boolean {
  return key.length > 0 && key.length <= 400 && /^[A-Za-z0-9._\/-]+$/.test(key) && !key.startsWith('/') && key.split('/').every((p) => p !== '' && p !== '.' && p !== '..');
}
