import { parse } from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { SdpNotAcceptable } from '../../../media-node/sdp/offer-answer.js';
import { answerRecordingOffer, recordingStreams } from '../../../media-node/sdp/recording-offer.js';

const SIPREC_OFFER = [
  'v=0', 'o=src 1 1 IN IP4 192.0.2.10', 's=-', 'c=IN IP4 192.0.2.10', 't=0 0',
  'm=audio 40000 RTP/AVP 8 0 101', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=label:1', 'a=sendonly',
  'm=video 40010 RTP/AVP 96', 'a=rtpmap:96 H264/90000', 'a=label:v', 'a=sendonly',
  'm=audio 40002 RTP/AVP 0', 'c=IN IP4 192.0.2.11', 'a=label:2', 'a=sendonly', '',
].join('\r\n');

describe('answering a recording offer', () => {
  it('takes each labelled audio stream with its own address, codec and label', () => {
    const streams = recordingStreams(SIPREC_OFFER);
    expect(streams.map((s) => [s.index, s.label, s.codec, s.remote.address, s.remote.port, s.telephoneEventPt])).toEqual([
      [0, '1', 'PCMA', '192.0.2.10', 40000, 101],
      [2, '2', 'PCMU', '192.0.2.11', 40002, undefined],
    ]);
  });

  it('answers recvonly on our ports, echoes the labels, refuses the rest', () => {
    const streams = recordingStreams(SIPREC_OFFER);
    const { answer, media } = answerRecordingOffer(SIPREC_OFFER, streams, { address: '198.51.100.1', ports: new Map([[0, 20000], [2, 20002]]) });
    const sdp = parse(answer);
    expect(sdp.media.map((m) => [m.type, m.port, m.direction ?? null, (m as { label?: unknown }).label?.toString() ?? null])).toEqual([
      ['audio', 20000, 'recvonly', '1'],
      ['video', 0, null, null],
      ['audio', 20002, 'recvonly', '2'],
    ]);
    expect(sdp.media[0]?.rtp.map((r) => r.codec)).toEqual(['PCMA', 'telephone-event']);
    expect(media.get(2)).toMatchObject({ codec: 'PCMU', direction: 'recvonly', remote: { address: '192.0.2.11', port: 40002 } });
  });

  it('a client that sends nothing on a stream gets inactive back', () => {
    const offer = SIPREC_OFFER.replace('a=label:2\r\na=sendonly', 'a=label:2\r\na=recvonly');
    const streams = recordingStreams(offer);
    const { media } = answerRecordingOffer(offer, streams, { address: '198.51.100.1', ports: new Map([[0, 20000], [2, 20002]]) });
    expect(media.get(2)?.direction).toBe('inactive');
  });

  it('an offer without usable audio is not acceptable', () => {
    expect(() => recordingStreams(SIPREC_OFFER.replace(/m=audio 40000 RTP\/AVP 8 0 101/, 'm=audio 40000 RTP/AVP 18').replace('m=audio 40002 RTP/AVP 0', 'm=audio 0 RTP/AVP 0'))).toThrow(SdpNotAcceptable);
  });
});
