import type { ViewContext } from '../view-context.js';

/** MP3 first: the smallest file, and what most people want in a ZIP or an e-mail. */
export const RECORDING_FORMATS = ['mp3', 'wav', 'gsm'] as const;
export type RecordingFormat = (typeof RECORDING_FORMATS)[number];

const SPEEDS = ['0.75', '1', '1.25', '1.5', '2'];

/**
 * A recording's player. WAV plays everywhere (phones included), keeps both sides of a stereo call,
 * and seeks through Range requests; the speed select is driven by app.js (data-vm-speed).
 */
export function RecordingPlayer({ v, id, protocol }: { v: ViewContext; id: string; protocol: string }) {
  const audioId = `rec-audio-${id}`;
  return (
    <div class="vm-player">
      <audio id={audioId} controls preload="none" src={`/api/v1/recordings/${id}/audio?format=wav`} aria-label={v.t('vrec.playerLabel', { protocol })} />
      <label for={`${audioId}-speed`} class="visually-hidden">{`${v.t('vrec.speed')} (${protocol})`}</label>
      <select id={`${audioId}-speed`} data-vm-speed={audioId} title={v.t('vrec.speed')}>
        {SPEEDS.map((s) => (
          <option value={s} selected={s === '1'}>{`${s}×`}</option>
        ))}
      </select>
    </div>
  );
}
