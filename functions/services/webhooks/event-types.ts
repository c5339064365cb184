import { EVENT_TYPES, isDeliverable } from '../events/event-catalogue.js';

/** Types an endpoint can subscribe to; `ping` is left out since only the test button sends it. */
export const SUBSCRIBABLE_EVENT_TYPES: readonly string[] = EVENT_TYPES.filter(isDeliverable);

export function isKnownEventType(type: string): boolean {
  return SUBSCRIBABLE_EVENT_TYPES.includes(type);
}

/** Event types by their first word ("user", "sync"), for the form's grouped checkboxes. */
export function eventTypeGroups(): { prefix: string; types: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const type of SUBSCRIBABLE_EVENT_TYPES) {
    const prefix = type.split('.')[0] ?? type;
    groups.set(prefix, [...(groups.get(prefix) ?? []), type]);
  }
  return [...groups].map(([prefix, types]) => ({ prefix, types }));
}
