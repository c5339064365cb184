import { join } from 'node:path';

/** Where each thing lives under RAMAL_SPOOL_DIR. */
export interface SpoolLayout {
  root: string;
  /** Items being written; moved to audio/ in one rename when complete. */
  incoming: string;
  audio: string;
  events: string;
  /** Items the central app refused: kept for an operator, never deleted by the node. */
  rejected: string;
  /** Items renamed here before deletion, so a crash never leaves a half-deleted item in audio/. */
  trash: string;
  config: string;
}

export function spoolLayout(root: string): SpoolLayout {
  return {
    root,
    incoming: join(root, 'incoming'),
    audio: join(root, 'audio'),
    events: join(root, 'events'),
    rejected: join(root, 'rejected'),
    trash: join(root, 'trash'),
    config: join(root, 'config.json'),
  };
}

export const ITEM_MANIFEST = 'item.json';
export const audioFileName = (kind: 'wav' | 'gsm' | 'mp3') => `audio.${kind}`;
