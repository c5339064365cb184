import type { NodeConfig } from '../../functions/services/media-nodes/node-config.js';

export type RecorderRules = NodeConfig['recorder'];

export interface RecordedCallFacts {
  durationMs: number;
  participants: readonly { number: string; internal: boolean }[];
}

export type DiscardReason = 'too-short' | 'excluded';

/**
 * The recorder's rules (manual 5.4), decided on the node at the end of a call so a discarded call
 * never leaves it. A call without any internal participant is never discarded by exclusion: the
 * list names users, and only extensions belong to users.
 */
export function shouldDiscard(rules: RecorderRules, call: RecordedCallFacts): DiscardReason | null {
  if (call.durationMs < rules.minDurationMs) return 'too-short';
  const excluded = new Set(rules.excludedExtensions);
  if (excluded.size === 0) return null;
  if (rules.discardIfAnyExcluded) return call.participants.some((p) => excluded.has(p.number)) ? 'excluded' : null;
  const internal = call.participants.filter((p) => p.internal);
  return internal.length > 0 && internal.every((p) => excluded.has(p.number)) ? 'excluded' : null;
}

/** The numbers heard on a call, told apart as the site's extensions or outside numbers; blanks and repeats dropped. */
export function participantsOf(numbers: readonly string[], config: Pick<NodeConfig, 'extensions'>): { number: string; internal: boolean }[] {
  const extensions = new Set(config.extensions.map((e) => e.number));
  const unique = [...new Set(numbers.map((n) => n.trim()).filter((n) => n !== ''))];
  return unique.map((number) => ({ number, internal: extensions.has(number) }));
}
