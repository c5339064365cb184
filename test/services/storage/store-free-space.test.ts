import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { audioItems } from '../../../schema/index.js';
import type { HostMetrics } from '../../../functions/services/dashboard/host-metrics.js';
import { parseByteSize } from '../../../functions/services/storage/byte-size.js';
import { storedAudioBytes, storeFreeBytes } from '../../../functions/services/storage/store-free-space.js';
import { parseConfig } from '../../../functions/env.js';
import { type Harness, useHarness } from '../../helpers/harness.js';

let h: Harness;
useHarness((ready) => ({ h } = ready));

const disk = (total: number | null, used: number | null) => ({ diskTotalBytes: total, diskUsedBytes: used }) as HostMetrics;
const file = (size: number) => ({ key: randomUUID(), size, sha256: '' });

async function storeItem(orgId: string, sizes: [number, number, number]) {
  const at = new Date('2026-11-01T10:00:00Z');
  await h.deps.db.insert(audioItems).values({
    id: randomUUID(), orgId, siteId: h.org.siteId, kind: 'call-recording', startedAt: at, durationMs: 1000,
    files: { wav: file(sizes[0]), gsm: file(sizes[1]), mp3: file(sizes[2]) }, metadata: {}, createdAt: at,
  });
}

describe('parseByteSize', () => {
  it('reads sizes as operators write them: decimal units as sold, binary units, plain bytes', () => {
    expect(parseByteSize('2TB')).toBe(2e12);
    expect(parseByteSize('500 GB')).toBe(5e11);
    expect(parseByteSize('1.5t')).toBe(1.5e12);
    expect(parseByteSize('750GiB')).toBe(750 * 2 ** 30);
    expect(parseByteSize('1048576')).toBe(1_048_576);
  });

  it('refuses what is not a size', () => {
    for (const bad of ['', 'lots', '2 XB', '-5GB', '0', 'GB', '1e3']) expect(parseByteSize(bad)).toBeNull();
  });

  it('makes a bad RAMAL_STORAGE_CAPACITY a configuration error naming it', () => {
    expect(parseConfig({ RAMAL_STORAGE_CAPACITY: '2TB' }).RAMAL_STORAGE_CAPACITY).toBe(2e12);
    expect(() => parseConfig({ RAMAL_STORAGE_CAPACITY: 'plenty' })).toThrow(/RAMAL_STORAGE_CAPACITY: a size such as/);
  });
});

describe("the audio store's free space", () => {
  it('counts every encoding of every organization\'s audio as used (they share the store)', async () => {
    const before = await storedAudioBytes(h.deps.db);
    const other = await h.addOrganization('Neighbour', 'boss@neighbour.test');
    await storeItem(h.org.orgId, [1000, 100, 200]);
    await storeItem(other.orgId, [2000, 300, 400]);
    expect((await storedAudioBytes(h.deps.db)) - before).toBe(4000);
  });

  it('on S3 is known only from the configured capacity, less what is stored, never below zero', async () => {
    const used = await storedAudioBytes(h.deps.db);
    expect(await storeFreeBytes(h.deps.db, { kind: 's3' }, disk(1e12, 1e9), null)).toBeNull();
    expect(await storeFreeBytes(h.deps.db, { kind: 's3' }, null, used + 5000)).toBe(5000);
    expect(await storeFreeBytes(h.deps.db, { kind: 's3' }, null, Math.max(1, used - 1))).toBe(0);
  });

  it("on the filesystem is the disk's free space, limited further by a configured capacity", async () => {
    const used = await storedAudioBytes(h.deps.db);
    expect(await storeFreeBytes(h.deps.db, { kind: 'filesystem' }, disk(1000, 400), null)).toBe(600);
    expect(await storeFreeBytes(h.deps.db, { kind: 'filesystem' }, disk(1000, 400), used + 250)).toBe(250);
    expect(await storeFreeBytes(h.deps.db, { kind: 'filesystem' }, disk(1000, 400), used + 5000)).toBe(600);
    expect(await storeFreeBytes(h.deps.db, { kind: 'filesystem' }, disk(null, null), null)).toBeNull();
    expect(await storeFreeBytes(h.deps.db, { kind: 'filesystem' }, null, used + 250)).toBe(250);
  });

  it('is unknown without a store', async () => {
    expect(await storeFreeBytes(h.deps.db, null, disk(1000, 400), 5000)).toBeNull();
  });
});
