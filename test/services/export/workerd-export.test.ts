import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfStream } from '../../../functions/services/export/pdf-export.js';
import { exportSample } from './fixtures/export-sample.js';
import { pdfInfo, pdfPages } from './fixtures/poppler.js';
import { readAll } from './fixtures/sample-table.js';

/**
 * Proves the exporters run on workerd: the fixture worker is bundled by wrangler itself (so
 * package resolution uses wrangler's conditions and picks pdfkit's browser build) and served by
 * Miniflare with the same compatibility settings as the app.
 */

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const fixture = resolve(import.meta.dirname, 'fixtures/export-worker.ts');
const compatibilityDate = '2025-09-01';
const compatibilityFlags = ['nodejs_compat'];

/**
 * pdfkit 0.20's browser build computes `new URL('./data/…icc', import.meta.url)` while it is
 * imported, and workerd leaves import.meta.url undefined, so the worker would not even start.
 * The app's wrangler.toml defines it; the bundle here takes that very line, so this test proves
 * the app's fix, and the last test shows why it is needed.
 */
function appImportMetaUrlDefine(): string {
  const toml = readFileSync(join(root, 'wrangler.toml'), 'utf8');
  const line = /^"import\.meta\.url"\s*=.+$/m.exec(toml);
  if (!line) throw new Error('wrangler.toml has no [define] "import.meta.url" = …: pdfkit cannot load on workerd without it');
  return `[define]\n${line[0]}\n`;
}

async function bundle(dir: string, withDefine: boolean): Promise<string> {
  const config = join(dir, `wrangler-${withDefine ? 'define' : 'plain'}.toml`);
  const outdir = join(dir, withDefine ? 'out-define' : 'out-plain');
  writeFileSync(
    config,
    [
      'name = "ramal-export-test"',
      `main = ${JSON.stringify(fixture)}`,
      `compatibility_date = "${compatibilityDate}"`,
      `compatibility_flags = ${JSON.stringify(compatibilityFlags)}`,
      withDefine ? appImportMetaUrlDefine() : '',
    ].join('\n'),
  );
  const wrangler = join(root, 'node_modules/wrangler/bin/wrangler.js');
  await run(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', outdir, '--config', config], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_UPDATE_NOTIFIER: '1' },
  });
  return join(outdir, 'export-worker.js');
}

/** Workerd's log lines go to `log`, so a test can tell why a worker failed to start. */
function miniflare(scriptPath: string, log: string[] = []): Miniflare {
  return new Miniflare({
    modules: true,
    scriptPath,
    // Module names are relative to this; the default (cwd) would put '..' in them, which workerd refuses.
    modulesRoot: dirname(scriptPath),
    compatibilityDate,
    compatibilityFlags,
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      stdout.on('data', (chunk: Buffer) => log.push(chunk.toString()));
      stderr.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    },
  });
}

describe('exports on workerd', () => {
  let dir: string;
  let script: string;
  let mf: Miniflare;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ramal-workerd-export-'));
    script = await bundle(dir, true);
    mf = miniflare(script);
  });

  afterAll(async () => {
    await mf?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('bundles pdfkit’s browser build and no Node-only module of its own', () => {
    const code = readFileSync(script, 'utf8');
    expect(code).toContain('node_modules/pdfkit/js/pdfkit.browser.mjs');
    expect(code).not.toContain('pdfkit.node.mjs');
    expect(code).not.toMatch(/from "(node:)?(fs|zlib)"/);
  });

  it('serves a valid paginated PDF', async () => {
    const res = await mf.dispatchFetch('http://export.test/pdf?rows=300');
    expect(res.status).toBe(200);
    const pdf = new Uint8Array(await res.arrayBuffer());
    const latin1 = new TextDecoder('latin1');
    expect(latin1.decode(pdf.slice(0, 5))).toBe('%PDF-');
    expect(latin1.decode(pdf.slice(-7)).trim()).toBe('%%EOF');
    const pages = pdfPages(pdf);
    // Two-line rows (the note holds a line break): 20-35 of them fit a portrait page.
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(300 / 35));
    expect(pages.length).toBeLessThanOrEqual(Math.ceil(300 / 20));
    expect(pdfInfo(pdf).Pages).toBe(String(pages.length));
    // pdfkit's browser build lays the table out exactly as its Node build does.
    expect(pages).toEqual(pdfPages(await readAll(pdfStream(exportSample(300)))));
    pages.forEach((text, i) => {
      expect(text).toContain('Usuários');
      expect(text).toContain('Observação');
      expect(text).toContain(`Página ${i + 1}`);
    });
    const all = pages.join('\n');
    expect(all).toContain('João Ñandú 300');
    expect(all).toContain('¿sí?');
  });

  it('serves the CSV with BOM, quoting and formula escaping', async () => {
    const res = await mf.dispatchFetch('http://export.test/csv?rows=2');
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('\r\n');
    expect(parse(text)).toEqual([
      ['Nº', 'Nome', 'Observação', 'Fórmula', 'Japonês'],
      ['1', 'João Ñandú 1', 'ação, "ok"\n¿sí?', "'=1+1", '山田'],
      ['2', 'João Ñandú 2', 'ação, "ok"\n¿sí?', "'=1+1", '山田'],
    ]);
  });

  it('cannot start without the import.meta.url define (pdfkit 0.20 on workerd)', async () => {
    // If this starts passing the other way, pdfkit stopped reading import.meta.url at import
    // time and the [define] can go from wrangler.toml.
    const log: string[] = [];
    const plain = miniflare(await bundle(dir, false), log);
    try {
      await expect(plain.dispatchFetch('http://export.test/csv?rows=1')).rejects.toThrow(/runtime failed to start/i);
      expect(log.join('')).toContain('Invalid URL');
    } finally {
      await plain.dispose().catch(() => undefined);
    }
  });
});
