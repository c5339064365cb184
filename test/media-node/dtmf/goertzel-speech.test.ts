import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DtmfDetector } from '../../../media-node/dtmf/goertzel.js';
import { dtmfTone } from '../../../media-node/dtmf/tones.js';

const dir = mkdtempSync(join(tmpdir(), 'ramal-dtmf-speech-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TEXT = [
  'Welcome to the voice mail system. You have three new messages and two saved messages. To listen to your messages, press one.',
  'The quick brown fox jumps over the lazy dog while the telephone keeps ringing in the empty office on the seventh floor.',
  'Olá, você ligou para a central de atendimento. Deixe sua mensagem após o sinal e retornaremos assim que possível.',
  'Bienvenido a la sala de conferencias. Por favor, introduzca el número de la sala seguido de la tecla almohadilla.',
  'Guten Tag, Sie sind mit der Zentrale verbunden. Bitte warten Sie, der nächste freie Mitarbeiter ist gleich für Sie da.',
];
const VOICES: [voice: string, pitch: number, speed: number][] = [
  ['en', 50, 160],
  ['en+f3', 80, 150],
  ['pt-br', 60, 150],
  ['es+f2', 90, 140],
  ['de', 30, 150],
  ['en-us+f4', 99, 130],
  ['it', 70, 150],
];

/** espeak-ng speech, resampled to 8 kHz 16-bit linear by sox. */
function speech(): Int16Array {
  const parts: Buffer[] = [];
  let samples = 0;
  for (let i = 0; samples < 8000 * 62; i++) {
    const [voice, pitch, speed] = VOICES[i % VOICES.length]!;
    const wav = join(dir, `s${i}.wav`);
    const raw = join(dir, `s${i}.raw`);
    execFileSync('espeak-ng', ['-v', voice, '-p', String(pitch), '-s', String(speed), '-w', wav, TEXT[i % TEXT.length]!]);
    execFileSync('sox', [wav, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'raw', raw]);
    const buf = readFileSync(raw);
    parts.push(buf);
    samples += buf.length / 2;
  }
  const all = Buffer.concat(parts);
  return new Int16Array(all.buffer, all.byteOffset, all.length / 2);
}

describe('in-band DTMF detector on speech', () => {
  const pcm = speech();

  it('reports no digit in 60 s of speech from several voices and languages', () => {
    expect(pcm.length).toBeGreaterThanOrEqual(8000 * 60);
    const detector = new DtmfDetector();
    const found: string[] = [];
    for (let at = 0; at < pcm.length; at += 160) found.push(...detector.process(pcm.subarray(at, at + 160)));
    expect(found).toEqual([]);
  });

  it('still finds a digit spoken over (the detector is not just deaf)', () => {
    const detector = new DtmfDetector();
    const tone = dtmfTone('7', 100);
    const mixed = pcm.slice(8000, 8000 + 4000);
    // The speech there is quiet relative to the tone: a caller pressing a key while a prompt trails off.
    for (let i = 0; i < tone.length; i++) mixed[1000 + i] = Math.max(-32768, Math.min(32767, Math.round(mixed[1000 + i]! * 0.1) + tone[i]!));
    for (let i = 1000 + tone.length; i < mixed.length; i++) mixed[i] = 0;
    const found: string[] = [];
    for (let at = 0; at < mixed.length; at += 160) found.push(...detector.process(mixed.subarray(at, at + 160)));
    expect(found).toEqual(['7']);
  });
});
