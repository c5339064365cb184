import { readFileSync } from 'node:fs';

export interface PcapUdp {
  /** Capture time in milliseconds from the first record. */
  atMs: number;
  srcPort: number;
  dstPort: number;
  payload: Uint8Array;
}

/**
 * Reads UDP datagrams from a classic libpcap file (Ethernet, IPv4): 24-byte global header, then
 * records of a 16-byte header and the captured frame.
 */
export function readPcapUdp(path: string): PcapUdp[] {
  const data = readFileSync(path);
  const magic = data.readUInt32LE(0);
  const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!little && data.readUInt32BE(0) !== 0xa1b2c3d4 && data.readUInt32BE(0) !== 0xa1b23c4d) throw new Error(`${path}: not a pcap file`);
  const nano = (little ? magic : data.readUInt32BE(0)) === 0xa1b23c4d;
  const u32 = (at: number) => (little ? data.readUInt32LE(at) : data.readUInt32BE(at));
  if (u32(20) !== 1) throw new Error(`${path}: link type ${u32(20)}, expected Ethernet`);
  const out: PcapUdp[] = [];
  let first: number | undefined;
  for (let at = 24; at + 16 <= data.length; ) {
    const ms = u32(at) * 1000 + u32(at + 4) / (nano ? 1e6 : 1e3);
    const captured = u32(at + 8);
    const frame = data.subarray(at + 16, at + 16 + captured);
    at += 16 + captured;
    first ??= ms;
    if (frame.length < 14 + 20 + 8 || frame.readUInt16BE(12) !== 0x0800) continue;
    const ip = frame.subarray(14);
    const ihl = (ip[0]! & 0x0f) * 4;
    if (ip[9] !== 17) continue;
    const udp = ip.subarray(ihl);
    const udpLength = udp.readUInt16BE(4);
    out.push({ atMs: ms - first, srcPort: udp.readUInt16BE(0), dstPort: udp.readUInt16BE(2), payload: udp.subarray(8, udpLength) });
  }
  return out;
}
