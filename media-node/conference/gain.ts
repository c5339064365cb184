/**
 * Volume in the conference moves in whole 3 dB steps (one key press each) inside ±12 dB: the menu
 * keys 4/6 and 7/9 can only reach nine levels, so no press is lost against an invisible limit and a
 * level is always one the caller can return to.
 */
export const GAIN_STEP_DB = 3;
export const GAIN_LIMIT_DB = 12;

/** Rounds to the nearest whole step and clamps to the limit; anything not finite is 0 dB. */
export function clampGainDb(db: number): number {
  if (!Number.isFinite(db)) return 0;
  const stepped = Math.round(db / GAIN_STEP_DB) * GAIN_STEP_DB;
  return Math.max(-GAIN_LIMIT_DB, Math.min(GAIN_LIMIT_DB, stepped)) + 0;
}

/** The level `steps` presses away from `db`, clamped. */
export function stepGainDb(db: number, steps: number): number {
  return clampGainDb(db + Math.trunc(steps) * GAIN_STEP_DB);
}

/** Amplitude factor of a level in dB. */
export function dbToFactor(db: number): number {
  return 10 ** (db / 20);
}
