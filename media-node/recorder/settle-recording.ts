import type { NodeConfig } from '../../functions/services/media-nodes/node-config.js';
import type { NodeLogger } from '../log.js';
import type { AudioWriter } from '../spool/audio-writer.js';
import { participantsOf, shouldDiscard, type DiscardReason } from './recording-rules.js';

export interface SettleInput {
  writer: AudioWriter;
  /** The configuration as it is when the call ends: rules changed during the call apply. */
  config: NodeConfig;
  durationMs: number;
  /** Every number heard on the call (extensions and outside numbers). */
  numbers: readonly string[];
  /** Written into the item's manifest when it is kept. */
  metadata: Record<string, unknown>;
  log: NodeLogger;
  callId: string;
}

export type SettleResult = { kept: true; id: string; durationMs: number } | { kept: false; reason: DiscardReason };

/**
 * Ends a recording by the rules: a discarded call is aborted (nothing of it stays in the spool and
 * nothing is uploaded) and only the reason is logged; a kept one is sealed for the uploader.
 */
export async function settleRecording(input: SettleInput): Promise<SettleResult> {
  const { writer, config, log } = input;
  const reason = shouldDiscard(config.recorder, { durationMs: input.durationMs, participants: participantsOf(input.numbers, config) });
  if (reason) {
    await writer.abort();
    log.info('recording discarded by the rules', { callId: input.callId, reason, durationMs: input.durationMs });
    return { kept: false, reason };
  }
  const item = await writer.finish(input.metadata);
  log.info('recording spooled', { callId: input.callId, itemId: item.id, durationMs: item.durationMs });
  return { kept: true, ...item };
}

/** The numbers of a plain recording leg: its From and To, without the recorder's own service code. */
export function legNumbers(call: { from: { user: string }; to: { user: string } }, config: Pick<NodeConfig, 'codes'>): string[] {
  return [call.from.user, call.to.user].filter((n) => n !== '' && n !== config.codes.recorder);
}
