import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { awaitEvent } from '../../simulator/await-event.ts';
import { booted, rig } from './helpers.ts';

// Security profile 2: HTTP Basic auth over TLS, the charger checking the CSMS certificate against its CA.
// The certificate is made for the test with the openssl CLI (on every machine we run on).
function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'sim-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function selfSigned(): { key: string; cert: string } {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
}

describe.skipIf(!hasOpenssl())('security profiles', () => {
  it.each(['1.6', '2.0.1', '2.1'] as const)('%s: profile 2 connects over wss with its password and the CSMS CA', async (version) => {
    const tls = selfSigned();
    const r = await booted(await rig(version, { security: { profile: 2, password: 'a-long-secret-pass', caPem: tls.cert } }, { tls, password: 'a-long-secret-pass' }));
    expect(r.csms.url.startsWith('wss://')).toBe(true);
    expect(r.charger.state().booted).toBe(true);
  });

  it('profile 1 with a wrong password keeps retrying and never boots', async () => {
    const r = await rig('1.6', { security: { profile: 1, password: 'wrong-password-1' } }, { password: 'right-password-1' });
    r.charger.start();
    await awaitEvent(r.charger, 'reconnecting', (e) => e.attempt >= 3);
    expect(r.csms.connections).toEqual([]);
    expect(r.charger.state().booted).toBe(false);
  });
});
