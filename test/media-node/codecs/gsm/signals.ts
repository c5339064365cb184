/** Deterministic test signals at 8 kHz, chosen to push the fixed-point code to its limits. */
const RATE = 8000;

function fromFunction(samples: number, f: (i: number) => number): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(f(i))));
  return out;
}

export function silence(samples: number): Int16Array {
  return new Int16Array(samples);
}

export function sine(samples: number, hz: number, amplitude = 32767): Int16Array {
  return fromFunction(samples, (i) => amplitude * Math.sin((2 * Math.PI * hz * i) / RATE));
}

/** Uniform full-range noise from a fixed-seed LCG, so a failure reproduces. */
export function whiteNoise(samples: number, seed = 0x5eed): Int16Array {
  let state = seed >>> 0;
  return fromFunction(samples, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state >>> 16) - 32768;
  });
}

/** Noise rising linearly from nothing to `peak`: sweeps every small RPE block maximum (xmaxc 0-27). */
export function noiseRamp(samples: number, peak: number, seed = 7): Int16Array {
  const noise = whiteNoise(samples, seed);
  return fromFunction(samples, (i) => (noise[i]! * peak * i) / samples / 32768);
}

/** A sine driven 4x past full scale: a square wave whose flats sit at both rails, -32768 included. */
export function clippedSquare(samples: number, hz: number): Int16Array {
  return fromFunction(samples, (i) => 4 * 32768 * Math.sin((2 * Math.PI * hz * i) / RATE));
}

/** Random bytes with the 0xD signature in front of every 33-byte frame: corrupt but well-formed. */
export function randomFrames(frames: number, seed = 0xc0de): Uint8Array {
  let state = seed >>> 0;
  const out = new Uint8Array(frames * 33);
  for (let i = 0; i < out.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  for (let f = 0; f < frames; f++) out[f * 33] = 0xd0 | (out[f * 33]! & 0x0f);
  return out;
}
