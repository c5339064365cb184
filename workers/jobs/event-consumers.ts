import { ingestCallRecording } from '../../functions/services/call-recordings/recording-ingest.js';
import { ingestConferenceEvent, ingestConferenceRecording } from '../../functions/services/conference/history-ingest.js';
import type { EventData } from '../../functions/services/events/event-catalogue.js';
import { ingestStoredAudio } from '../../functions/services/voicemail/message-ingest.js';
import { disabledEndpointNotice } from '../../functions/services/webhooks/disabled-notice.js';
import type { EventConsumer } from './dispatch-events.js';

/**
 * Ramal's own consumers of outbox events, by event type; what they return is written in the same
 * batch that marks the event dispatched. Modules add theirs here (voicemail e-mails, …).
 */
export const EVENT_CONSUMERS: Record<string, EventConsumer> = {
  'webhook.endpoint_disabled': (deps, event) =>
    disabledEndpointNotice(deps.db, { id: event.id, orgId: event.orgId, payload: event.payload as EventData<'webhook.endpoint_disabled'> }, deps.now()),
  // Voicemail messages, greetings and conference recordings arrive as stored audio; each consumer skips kinds not its own.
  'audio.stored': async (deps, event) => [...(await ingestStoredAudio(deps, event)), ...(await ingestConferenceRecording(deps, event)), ...(await ingestCallRecording(deps, event))],
  // The media node's conference events build the history (sessions and participants).
  'conference.started': (deps, event) => ingestConferenceEvent(deps, event),
  'conference.participant_joined': (deps, event) => ingestConferenceEvent(deps, event),
  'conference.participant_left': (deps, event) => ingestConferenceEvent(deps, event),
  'conference.ended': (deps, event) => ingestConferenceEvent(deps, event),
};
