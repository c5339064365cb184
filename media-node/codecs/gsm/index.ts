/** GSM 06.10 full-rate codec, written from the ETSI specification and bit-exact with libgsm. */
export { GsmEncoder } from './encoder.js';
export { GsmDecoder } from './decoder.js';
export { encodeGsm, decodeGsm } from './buffer.js';
export { GsmFormatError } from './errors.js';
export { FRAME_BYTES as GSM_FRAME_BYTES } from './frame.js';
export { encodeWav49, decodeWav49, WAV49_FORMAT_TAG, WAV49_BLOCK_BYTES, WAV49_BLOCK_SAMPLES } from './wav49.js';
