import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A throwaway PKI made with the openssl CLI (Debian's, on every machine we run on): our CA, a server
// certificate for 127.0.0.1, client certificates for Security Profile 3 — valid, expired, or from
// another CA. EC P-256 keys keep it fast. `openssl ca` because only it can backdate (OpenSSL 3.0).

export interface KeyPair {
  key: string;
  cert: string;
}

export interface TestPki {
  dir: string;
  /** our CA's certificate (PEM file path and content) */
  caFile: string;
  ca: string;
  server: { keyFile: string; certFile: string };
  /** a client certificate with CN = `cn`, signed by our CA unless `otherCa`, expired if asked */
  client(cn: string, opts?: { expired?: boolean; otherCa?: boolean }): KeyPair;
  remove(): void;
}

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const ssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCa(dir: string, name: string): { dir: string; key: string; cert: string } {
  const d = join(dir, name);
  mkdirSync(join(d, 'newcerts'), { recursive: true });
  writeFileSync(join(d, 'index.txt'), '');
  writeFileSync(join(d, 'serial'), '1000\n');
  writeFileSync(
    join(d, 'ca.cnf'),
    [
      '[ca]',
      'default_ca = ca_default',
      '[ca_default]',
      `database = ${join(d, 'index.txt')}`,
      `new_certs_dir = ${join(d, 'newcerts')}`,
      `serial = ${join(d, 'serial')}`,
      'default_md = sha256',
      'policy = policy_any',
      'unique_subject = no',
      'copy_extensions = copy',
      '[policy_any]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  const key = join(d, 'ca.key');
  const cert = join(d, 'ca.pem');
  ssl(['req', '-x509', ...EC, '-days', '2', '-subj', `/CN=${name}`, '-keyout', key, '-out', cert]);
  return { dir: d, key, cert };
}

export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'chargemend-pki-'));
  const ours = makeCa(dir, 'chargemend-test-ca');
  const other = makeCa(dir, 'someone-else-ca');
  let n = 0;

  const issue = (ca: typeof ours, cn: string, ext: string[], dates: string[]): { keyFile: string; certFile: string } => {
    const base = join(dir, `cert-${++n}`);
    ssl(['req', ...EC, '-subj', `/CN=${cn}`, ...ext, '-keyout', `${base}.key`, '-out', `${base}.csr`]);
    ssl(['ca', '-batch', '-notext', '-config', join(ca.dir, 'ca.cnf'), '-cert', ca.cert, '-keyfile', ca.key, '-in', `${base}.csr`, '-out', `${base}.pem`, ...dates]);
    return { keyFile: `${base}.key`, certFile: `${base}.pem` };
  };
  const valid = ['-days', '2'];
  const expired = ['-startdate', '20200101000000Z', '-enddate', '20200102000000Z'];

  const server = issue(ours, '127.0.0.1', ['-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], valid);
  return {
    dir,
    caFile: ours.cert,
    ca: readFileSync(ours.cert, 'utf8'),
    server,
    client(cn, opts = {}) {
      const f = issue(opts.otherCa ? other : ours, cn, ['-addext', 'extendedKeyUsage=clientAuth'], opts.expired ? expired : valid);
      return { key: readFileSync(f.keyFile, 'utf8'), cert: readFileSync(f.certFile, 'utf8') };
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
