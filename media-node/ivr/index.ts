/** The IVR engine: a call session running a queue of verbs. Applications import from here. */
export { createCallSession, DigitBuffer, SessionError, type CallSession, type CallSessionHandle, type CallSessionOptions, type PromptLanguage } from './session.js';
export { runVerbs, KillSwitch, type Verb } from './verb.js';
export { play, PlayError, type PlayOptions, type PlayResult } from './verbs/play.js';
export { say, sayFragments, type SayOptions } from './verbs/say.js';
export { gather, GatherError, type GatherOptions, type GatherResult, type GatherReason } from './verbs/gather.js';
export { record, RecordError, type RecordOptions, type RecordResult, type RecordReason } from './verbs/record.js';
export { pause, type PauseResult } from './verbs/pause.js';
export { hangup } from './verbs/hangup.js';
export { bridgeToConference, type BridgeOptions, type BridgeResult, type ConferenceBridge, type ConferenceMember } from './verbs/bridge-to-conference.js';
export { numberFragments, dateFragments, timeFragments, dateTimeFragments, digitFragments, SayError, MAX_SAY_NUMBER } from './say/index.js';
export { beep, tone } from './tones.js';
