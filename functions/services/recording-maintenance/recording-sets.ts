import { notFound } from '../../errors.js';
import { callRecordingSet } from '../call-recordings/call-recording-set.js';
import { conferenceRecordings } from '../conference/conference-recordings.js';
import type { RecordingModule, RecordingSet } from './recording-set.js';

/** The modules whose recordings can be exported and deleted by period; v-rec adds `calls`. */
export const RECORDING_SETS: Partial<Record<RecordingModule, RecordingSet>> = {
  conference: conferenceRecordings,
  calls: callRecordingSet,
};

/** The set of a module named in a path or a job; an unknown or not yet registered one is 404. */
export function recordingSet(module: string): RecordingSet {
  const set = Object.hasOwn(RECORDING_SETS, module) ? RECORDING_SETS[module as RecordingModule] : undefined;
  if (!set) throw notFound('recordings module');
  return set;
}
