import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The part of s3rver's API the tests use (the package ships no types). */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

export interface LocalS3 {
  endpoint: string;
  port: number;
  /** s3rver's fixed credentials. */
  accessKey: string;
  secretKey: string;
  stop: () => Promise<void>;
  /** Listens again on the same port and folder, keeping the objects. */
  start: () => Promise<void>;
  /** Stops and removes its folder. */
  close: () => Promise<void>;
}

/** An S3 endpoint on loopback (s3rver) with its objects in a temporary folder; port 0 unless given. */
export async function startLocalS3(port = 0): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), 'ramal-s3-'));
  let server: S3rverInstance | null = null;
  let bound = port;
  const start = async () => {
    server = new S3rver({ address: '127.0.0.1', port: bound, directory, silent: true });
    bound = (await server.run()).port;
  };
  await start();
  const stop = async () => {
    await server?.close();
    server = null;
  };
  return {
    endpoint: `http://127.0.0.1:${bound}`, port: bound, accessKey: 'S3RVER', secretKey: 'S3RVER', start, stop,
    close: async () => {
      await stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
