import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { NodeConfigSchema, type NodeConfig } from '../../functions/services/media-nodes/node-config.js';
import type { NodeLogger } from '../log.js';
import { writeFileAtomic } from '../spool/atomic-write.js';
import type { CentralClient } from './client.js';
import { CentralError, backoffMs } from './errors.js';

export type { NodeConfig };

const SavedConfig = z.object({ etag: z.string().nullable(), fetchedAt: z.string(), config: NodeConfigSchema });
type Saved = z.infer<typeof SavedConfig>;

export interface ConfigStoreOptions {
  client: CentralClient;
  /** `<spool>/config.json`: the last copy, so the node keeps working through an outage. */
  path: string;
  log: NodeLogger;
  pollSeconds?: number;
  /** When there is neither a saved copy nor a reachable central app at start, retry this fast at first. */
  retryBaseMs?: number;
}

export type RefreshResult = 'changed' | 'unchanged' | 'failed';

/**
 * The node's configuration: pulled with an ETag, saved atomically, re-polled. Emits
 * 'change' (config, previous | null) whenever the content differs from what the node runs with.
 */
export class ConfigStore extends EventEmitter {
  private saved: Saved | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  private constructor(private readonly options: ConfigStoreOptions) {
    super();
  }

  /** Resolves once a configuration is known: from the central app, else the saved copy, else it keeps trying. */
  static async start(options: ConfigStoreOptions): Promise<ConfigStore> {
    const store = new ConfigStore(options);
    store.saved = await store.loadSaved();
    let result = await store.refresh();
    for (let attempt = 0; !store.saved && !store.stopped; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, options.retryBaseMs ?? 1000, 60_000)));
      result = await store.refresh();
    }
    if (result === 'failed') options.log.warn('central app unreachable: running with the saved configuration', { fetchedAt: store.saved?.fetchedAt });
    store.schedule();
    return store;
  }

  get config(): NodeConfig {
    if (!this.saved) throw new CentralError('BAD_RESPONSE', 'no configuration loaded');
    return this.saved.config;
  }

  get etag(): string | null {
    return this.saved?.etag ?? null;
  }

  private async loadSaved(): Promise<Saved | null> {
    try {
      return SavedConfig.parse(JSON.parse(await readFile(this.options.path, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.options.log.error('saved configuration unreadable; ignoring it', { path: this.options.path, error: String(error) });
      return null;
    }
  }

  /** One poll: 304 keeps the copy; a new body is validated, saved, then announced. */
  async refresh(): Promise<RefreshResult> {
    const { client, log } = this.options;
    try {
      const etag = this.saved?.etag;
      const response = await client.request('GET', 'config', { headers: etag ? { 'if-none-match': etag } : {}, okStatuses: [304], retries: 0 });
      if (response.status === 304) return 'unchanged';
      const config = await client.jsonOf(response, NodeConfigSchema);
      const previous = this.saved?.config ?? null;
      const next: Saved = { etag: response.headers.get('etag'), fetchedAt: new Date().toISOString(), config };
      await writeFileAtomic(this.options.path, JSON.stringify(next));
      this.saved = next;
      if (previous && JSON.stringify(previous) === JSON.stringify(config)) return 'unchanged';
      log.info('configuration updated', { etag: next.etag });
      this.emit('change', config, previous);
      return 'changed';
    } catch (error) {
      log.warn('configuration poll failed', { error: error instanceof Error ? error.message : String(error) });
      return 'failed';
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.refresh().finally(() => this.schedule()), (this.options.pollSeconds ?? 60) * 1000);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
