// The baseline for bench/throughput.ts: a raw `ws` server on 127.0.0.1 that parses each CALL and answers
// a CALLRESULT with an empty payload — sockets and JSON, nothing else. Run as a child; reports its port.
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, handleProtocols: (p) => [...p][0] ?? false });
wss.on('connection', (ws) => {
  ws.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString()) as unknown[];
    if (msg[0] === 2) ws.send(JSON.stringify([3, msg[1], {}]));
  });
});
wss.on('listening', () => process.send!({ port: (wss.address() as AddressInfo).port }));
process.on('disconnect', () => process.exit(0));
