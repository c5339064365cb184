import { describe, expect, it } from 'vitest';
import { answerOffer, createOffer, listMedia, readAnswer, SdpNotAcceptable } from '../../../media-node/sdp/offer-answer.js';

const offer = (media: string[], session: string[] = ['c=IN IP4 192.0.2.10']) => ['v=0', 'o=pbx 1 1 IN IP4 192.0.2.10', 's=-', ...session, 't=0 0', ...media, ''].join('\r\n');
const audio = (port: number, pts: string, attrs: string[] = []) => [`m=audio ${port} RTP/AVP ${pts}`, ...attrs];
const local = { address: '10.0.0.5', port: 30_000 };

describe('answerOffer', () => {
  it('takes the first supported codec in the offer order, with the telephone-event payload type', () => {
    const { answer, media } = answerOffer(offer(audio(5004, '0 8 96', ['a=rtpmap:96 telephone-event/8000', 'a=fmtp:96 0-15'])), local);
    expect(media).toEqual({ codec: 'PCMU', payloadType: 0, telephoneEventPt: 96, remote: { address: '192.0.2.10', port: 5004 }, direction: 'sendrecv', ptime: 20 });
    expect(answer).toContain('m=audio 30000 RTP/AVP 0 96');
    expect(answer).toContain('c=IN IP4 10.0.0.5');
    expect(answer).toContain('a=ptime:20');
  });

  it('follows the local preference when one is given', () => {
    expect(answerOffer(offer(audio(5004, '0 8')), { ...local, preferred: ['PCMA', 'PCMU'] }).media.codec).toBe('PCMA');
  });

  it('finds PCMA under a dynamic payload type by its rtpmap', () => {
    expect(answerOffer(offer(audio(5004, '110', ['a=rtpmap:110 pcma/8000'])), local).media).toMatchObject({ codec: 'PCMA', payloadType: 110 });
  });

  it.each([
    ['a=sendonly', 'recvonly'],
    ['a=inactive', 'inactive'],
    ['a=recvonly', 'sendonly'],
  ])('answers an offer with %s as %s', (attr, expected) => {
    const { answer, media } = answerOffer(offer(audio(5004, '8', [attr])), local);
    expect(media.direction).toBe(expected);
    expect(answer).toContain(`a=${expected}`);
  });

  it('treats the old c=0.0.0.0 hold as "do not send to me"', () => {
    expect(answerOffer(offer(audio(5004, '8'), ['c=IN IP4 0.0.0.0']), local).media.direction).toBe('recvonly');
  });

  it('refuses an offer with only G.729 with SDP_NOT_ACCEPTABLE', () => {
    expect(() => answerOffer(offer(audio(5004, '18', ['a=rtpmap:18 G729/8000'])), local)).toThrow(SdpNotAcceptable);
    expect(() => answerOffer(offer(audio(5004, '18')), local)).toThrow(expect.objectContaining({ code: 'SDP_NOT_ACCEPTABLE' }));
  });

  it('refuses PCMA at another clock rate and secure RTP profiles', () => {
    expect(() => answerOffer(offer(audio(5004, '96', ['a=rtpmap:96 PCMA/16000'])), local)).toThrow(SdpNotAcceptable);
    expect(() => answerOffer(offer(['m=audio 5004 RTP/SAVP 8']), local)).toThrow(SdpNotAcceptable);
  });

  it('refuses garbage and SDP without media', () => {
    expect(() => answerOffer('not sdp at all', local)).toThrow(SdpNotAcceptable);
    expect(() => answerOffer(offer([]), local)).toThrow(SdpNotAcceptable);
  });

  it('answers the audio stream and refuses the others with port 0, keeping the m-line order', () => {
    const text = offer(['m=video 6000 RTP/AVP 31', ...audio(5004, '8'), 'm=audio 5006 RTP/AVP 8']);
    const { answer } = answerOffer(text, local);
    const mlines = answer.split('\r\n').filter((l) => l.startsWith('m='));
    expect(mlines).toEqual(['m=video 0 RTP/AVP 31', 'm=audio 30000 RTP/AVP 8', 'm=audio 0 RTP/AVP 8']);
  });

  it('uses a media-level c= over the session one', () => {
    expect(answerOffer(offer([...audio(5004, '8'), 'c=IN IP4 198.51.100.7']), local).media.remote).toEqual({ address: '198.51.100.7', port: 5004 });
  });
});

describe('listMedia, createOffer, readAnswer', () => {
  it('lists every m-line with direction and label (for SIPREC)', () => {
    const lines = listMedia(offer([...audio(5004, '8', ['a=label:1', 'a=sendonly']), ...audio(5006, '8', ['a=label:2', 'a=sendonly'])]));
    expect(lines.map((l) => [l.port, l.direction, l.label])).toEqual([
      [5004, 'sendonly', '1'],
      [5006, 'sendonly', '2'],
    ]);
  });

  it('creates an offer that our own answerer accepts, and reads the answer back from our side', () => {
    const ours = createOffer({ address: '10.0.0.5', port: 30_002 });
    expect(ours).toContain('m=audio 30002 RTP/AVP 8 0 101');
    const { answer } = answerOffer(ours, { address: '192.0.2.20', port: 7000 });
    expect(readAnswer(answer)).toEqual({ codec: 'PCMA', payloadType: 8, telephoneEventPt: 101, remote: { address: '192.0.2.20', port: 7000 }, direction: 'sendrecv', ptime: 20 });
  });

  it('turns the answerer direction around: a recvonly answer means we only send', () => {
    expect(readAnswer(offer(audio(7000, '0', ['a=recvonly']))).direction).toBe('sendonly');
  });

  it('rejects an answer that refused the audio stream', () => {
    expect(() => readAnswer(offer(['m=audio 0 RTP/AVP 8']))).toThrow(SdpNotAcceptable);
  });
});
