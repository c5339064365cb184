import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SAMPLE_RATE } from '../audio/pcm.js';
import { encodeWav } from '../codecs/wav.js';
import type { NodeLogger } from '../log.js';
import { promptIds, promptText } from './catalogue.js';
import { ESPEAK_VOICES, PROMPT_LANGUAGES, type PromptLanguage } from './languages.js';
import { readWavFile } from './wav-file.js';

export interface GeneratePromptsOptions {
  promptsDir: string;
  languages?: readonly PromptLanguage[];
  /** Only these ids (those without a text in a language are skipped there). */
  ids?: readonly string[];
  /** Regenerate files that already exist. */
  force?: boolean;
  log: NodeLogger;
  /** espeak-ng processes at once; defaults to the number of cores. */
  concurrency?: number;
  /** Environment for espeak-ng (its PATH decides which binary runs). */
  env?: NodeJS.ProcessEnv;
}

export interface GeneratePromptsResult {
  /** False when espeak-ng is not installed; nothing was generated. */
  available: boolean;
  generated: number;
  skipped: number;
  failed: number;
}

function run(args: string[], env: NodeJS.ProcessEnv | undefined): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('espeak-ng', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** Cuts espeak-ng's leading and trailing silence to 20 ms, so `say` fragments join without gaps. */
export function trimSilence(pcm: Int16Array, threshold = 64, pad = SAMPLE_RATE / 50): Int16Array {
  let start = 0;
  while (start < pcm.length && Math.abs(pcm[start] ?? 0) < threshold) start++;
  let end = pcm.length;
  while (end > start && Math.abs(pcm[end - 1] ?? 0) < threshold) end--;
  if (start >= end) return pcm.slice(0, 0);
  return pcm.slice(Math.max(0, start - pad), Math.min(pcm.length, end + pad));
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

async function speak(text: string, language: PromptLanguage, target: string, work: string, env: NodeJS.ProcessEnv | undefined): Promise<void> {
  const raw = join(work, `${language}-${Math.random().toString(36).slice(2)}.wav`);
  const { code, stderr } = await run(['-v', ESPEAK_VOICES[language], '-w', raw, text], env);
  if (code !== 0) throw new Error(`espeak-ng exited with ${code}: ${stderr.trim()}`);
  const pcm = trimSilence(await readWavFile(raw));
  await rm(raw, { force: true });
  if (pcm.length === 0) throw new Error('espeak-ng produced silence');
  await mkdir(dirname(target), { recursive: true });
  // Written beside the target and renamed, so a reader never sees half a file.
  const partial = `${target}.${process.pid}.partial`;
  await writeFile(partial, encodeWav(pcm, SAMPLE_RATE));
  await rename(partial, target);
}

/** Speaks the catalogue with espeak-ng into `<promptsDir>/generated/<lang>/<id>.wav` (8 kHz mono 16-bit). */
export async function generatePrompts(options: GeneratePromptsOptions): Promise<GeneratePromptsResult> {
  const { promptsDir, log, env } = options;
  const result: GeneratePromptsResult = { available: true, generated: 0, skipped: 0, failed: 0 };
  try {
    await run(['--version'], env);
  } catch {
    log.warn('espeak-ng is not installed: prompts were not generated (install the espeak-ng package, or put recorded WAV files in custom/<lang>/)', { promptsDir });
    return { ...result, available: false };
  }

  const jobs: { language: PromptLanguage; id: string; text: string; target: string }[] = [];
  for (const language of options.languages ?? PROMPT_LANGUAGES) {
    for (const id of options.ids ?? promptIds(language)) {
      const text = promptText(id, language);
      if (text === undefined) continue;
      const target = join(promptsDir, 'generated', language, `${id}.wav`);
      if (!options.force && (await exists(target))) result.skipped++;
      else jobs.push({ language, id, text, target });
    }
  }

  const work = await mkdtemp(join(tmpdir(), 'ramal-prompts-'));
  try {
    let next = 0;
    const worker = async () => {
      for (let job = jobs[next++]; job; job = jobs[next++]) {
        try {
          await speak(job.text, job.language, job.target, work, env);
          result.generated++;
        } catch (error) {
          result.failed++;
          log.warn('prompt generation failed', { id: job.id, language: job.language, error: String(error) });
        }
      }
    };
    const width = Math.max(1, options.concurrency ?? availableParallelism());
    await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  log.info('prompts generated', { ...result, promptsDir });
  return result;
}
