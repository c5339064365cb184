/** Recording metadata documents in the shapes SIPREC clients send (written for these tests). */
export const RFC_FORM = `<?xml version="1.0" encoding="UTF-8"?>
<recording xmlns="urn:ietf:params:xml:ns:recording:1">
  <datamode>complete</datamode>
  <session session_id="cs-1"><sipSessionID>abc;remote=def</sipSessionID></session>
  <participant participant_id="p-ext">
    <nameID aor="sip:2001@pbx.example;user=phone"><name xml:lang="pt">Ana &amp; Cia</name></nameID>
  </participant>
  <participant participant_id="p-out">
    <nameID aor="tel:+551130001000"/>
  </participant>
  <stream stream_id="s-a" session_id="cs-1"><label>1</label></stream>
  <stream stream_id="s-b" session_id="cs-1"><label>2</label></stream>
  <participantsessionassoc participant_id="p-ext" session_id="cs-1"><associate-time>2026-11-26T13:00:00Z</associate-time></participantsessionassoc>
  <participantsessionassoc participant_id="p-out" session_id="cs-1"><associate-time>2026-11-26T13:00:01Z</associate-time></participantsessionassoc>
  <participantstreamassoc participant_id="p-ext"><send>s-a</send><recv>s-b</recv></participantstreamassoc>
  <participantstreamassoc participant_id="p-out"><send>s-b</send><recv>s-a</recv></participantstreamassoc>
</recording>`;

/** The draft shape older SBCs send: ids in `id`, the AoR as an element, `send` inside the participant. */
export const DRAFT_FORM = `<?xml version='1.0' encoding='UTF-8'?>
<recording xmlns='urn:ietf:params:xml:ns:recording'>
  <dataMode>complete</dataMode>
  <session id="urn:uuid:0001"><start-time>2026-11-26T13:00:00</start-time></session>
  <participant id="urn:uuid:a" session="urn:uuid:0001">
    <aor>sip:2002@10.0.0.5</aor><name>Reception </name>
    <send>urn:uuid:st1</send>
    <start-time>2026-11-26T13:00:00Z</start-time>
  </participant>
  <participant id="urn:uuid:b" session="urn:uuid:0001">
    <aor>sip:08001234@carrier.example</aor>
    <send>urn:uuid:st2</send>
  </participant>
  <stream id="urn:uuid:st1" session="urn:uuid:0001"><label>10</label><mode>separate</mode></stream>
  <stream id="urn:uuid:st2" session="urn:uuid:0001"><label>11</label></stream>
</recording>`;

/** A re-INVITE after a blind transfer: 2001 leaves, 2003 now sends on label 1. */
export const TRANSFER_PARTIAL = `<?xml version="1.0" encoding="UTF-8"?>
<recording xmlns="urn:ietf:params:xml:ns:recording:1">
  <datamode>partial</datamode>
  <participant participant_id="p-new"><nameID aor="sip:2003@pbx.example"><name>Bruno</name></nameID></participant>
  <participantsessionassoc participant_id="p-ext" session_id="cs-1"><disassociate-time>2026-11-26T13:02:00Z</disassociate-time></participantsessionassoc>
  <participantsessionassoc participant_id="p-new" session_id="cs-1"><associate-time>2026-11-26T13:02:00Z</associate-time></participantsessionassoc>
  <participantstreamassoc participant_id="p-new"><send>s-a</send></participantstreamassoc>
</recording>`;
