import { describe, expect, it } from 'vitest';
import { divertReason, routeCall, type CallAddressing } from '../../../media-node/calls/routing.js';

const codes = { voicemailOwn: '1001', voicemailOther: '1002', conference: '1006', echoTest: '1009', recorder: 'rec' };
const extensions = new Set(['2001', '2002']);
const call = (over: Partial<CallAddressing>): CallAddressing => ({ dialled: '', caller: '2001', diversions: [], siprec: false, ...over });

describe('routeCall', () => {
  it('sends the own-mailbox code to the caller’s mailbox', () => {
    expect(routeCall(call({ dialled: '1001', caller: '2002' }), codes, extensions)).toEqual({ app: 'voicemail-own', mailbox: '2002' });
  });

  it('takes the mailbox after the other-mailbox code when the PBX passes it, or asks for it later', () => {
    expect(routeCall(call({ dialled: '10022002' }), codes, extensions)).toEqual({ app: 'voicemail-other', mailbox: '2002' });
    expect(routeCall(call({ dialled: '1002' }), codes, extensions)).toEqual({ app: 'voicemail-other', mailbox: null });
  });

  it('routes the conference code with or without the room', () => {
    expect(routeCall(call({ dialled: '1006' }), codes, extensions)).toEqual({ app: 'conference', room: null });
    expect(routeCall(call({ dialled: '100642' }), codes, extensions)).toEqual({ app: 'conference', room: '42' });
  });

  it('deposits a diverted call in the mailbox of the party that diverted it last, with its reason', () => {
    const diversions = [{ user: '2001', reason: 'unconditional' }, { user: '2002', reason: 'no-answer' }];
    expect(routeCall(call({ dialled: '1001', diversions }), codes, extensions)).toEqual({ app: 'voicemail-deposit', mailbox: '2002', reason: 'no-answer' });
  });

  it('treats a call to a known extension without diversion headers as a deposit', () => {
    expect(routeCall(call({ dialled: '2002' }), codes, extensions)).toEqual({ app: 'voicemail-deposit', mailbox: '2002', reason: 'unknown' });
  });

  it('sends SIPREC offers and the recorder code to the recorder', () => {
    expect(routeCall(call({ dialled: '5555', siprec: true }), codes, extensions)).toEqual({ app: 'recorder' });
    expect(routeCall(call({ dialled: 'rec' }), codes, extensions)).toEqual({ app: 'recorder' });
  });

  it('names unknown numbers', () => {
    expect(routeCall(call({ dialled: '7777' }), codes, extensions)).toEqual({ app: 'unknown', dialled: '7777' });
    expect(routeCall(call({ dialled: '1002abc' }), codes, extensions)).toEqual({ app: 'unknown', dialled: '1002abc' });
  });
});

describe('divertReason', () => {
  it.each([
    ['user-busy', 'busy'], ['486', 'busy'], ['no-answer', 'no-answer'], ['408', 'no-answer'],
    ['unavailable', 'unavailable'], ['480', 'unavailable'], ['unconditional', 'unconditional'], ['302', 'unconditional'],
    [undefined, 'unknown'], ['"deflection"', 'unknown'],
  ])('%s → %s', (raw, reason) => expect(divertReason(raw)).toBe(reason));
});
