import { FRAME_SAMPLES } from '../audio/pcm.js';
import { alawDecodeInto, alawEncodeInto, ulawDecodeInto, ulawEncodeInto } from '../codecs/g711.js';

export type RtpCodecName = 'PCMA' | 'PCMU';

export interface RtpCodec {
  name: RtpCodecName;
  bytesPerFrame: number;
  samplesPerByte: number;
  encodeInto(pcm: Int16Array, out: Uint8Array): Uint8Array;
  decodeInto(bytes: Uint8Array, out: Int16Array): Int16Array;
}

const CODECS: Record<RtpCodecName, RtpCodec> = {
  PCMA: { name: 'PCMA', bytesPerFrame: FRAME_SAMPLES, samplesPerByte: 1, encodeInto: alawEncodeInto, decodeInto: alawDecodeInto },
  PCMU: { name: 'PCMU', bytesPerFrame: FRAME_SAMPLES, samplesPerByte: 1, encodeInto: ulawEncodeInto, decodeInto: ulawDecodeInto },
};

export class UnsupportedCodec extends Error {
  readonly code = 'UNSUPPORTED_CODEC';
  constructor(name: string) {
    super(`unsupported RTP codec ${name}`);
    this.name = 'UnsupportedCodec';
  }
}

export function codecFor(name: RtpCodecName): RtpCodec {
  const codec = (CODECS as Record<string, RtpCodec | undefined>)[name];
  if (!codec) throw new UnsupportedCodec(name);
  return codec;
}
