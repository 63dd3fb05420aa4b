import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { runUserCommand, type UserCommandIo } from '../../cli/user-command.ts';
import { loadConfig, type Config } from '../../core/config.ts';
import { openDatabase, type Database } from '../../core/db/database.ts';
import { verifyPassword } from '../../core/security/password.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg.ts';

describe('chargemend user (the first admin, no default password)', () => {
  let tdb: TestDatabase;
  let config: Config;
  let db: Database;
  const log = pino({ level: 'silent' });
  const io = (password: string) => {
    const out: string[] = [];
    const err: string[] = [];
    const prompts: Array<{ prompt: string; fromStdin: boolean }> = [];
    const value: UserCommandIo = {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      readPassword: async (prompt, fromStdin) => {
        prompts.push({ prompt, fromStdin });
        return password;
      },
    };
    return { value, out, err, prompts };
  };

  beforeAll(async () => {
    tdb = await createTestDatabase('cm_cli');
    config = loadConfig({ DATABASE_URL: tdb.url, LOG_LEVEL: 'silent' });
  });
  afterAll(async () => {
    await db?.close();
    await tdb?.drop();
  });

  it('creates an admin with the password read from standard input, and audits it', async () => {
    const t = io('a long admin passphrase');
    const code = await runUserCommand(['create', '--email', 'Root@Example.com', '--role', 'admin', '--password-stdin'], config, log, t.value);
    expect({ code, out: t.out, err: t.err }).toEqual({ code: 0, out: ['user root@example.com created (admin)'], err: [] });
    expect(t.prompts).toEqual([{ prompt: 'Password for root@example.com: ', fromStdin: true }]);
    db = await openDatabase({ databaseUrl: tdb.url, dataDir: '/nonexistent', log });
    const u = await db.prisma.user.findUniqueOrThrow({ where: { email: 'root@example.com' } });
    expect(u.role).toBe('admin');
    expect(await verifyPassword('a long admin passphrase', u.passwordHash)).toBe(true);
    expect(await db.prisma.auditEntry.findMany({ where: { action: 'users.create' } })).toEqual([expect.objectContaining({ via: 'cli', target: `user:${u.id}`, outcome: 'success' })]);
  });

  it.each([
    [['create', '--email', 'x@example.com'], 'a long enough passphrase', /--role must be one of admin, supervisor/],
    [['create', '--email', 'x@example.com', '--role', 'boss'], 'a long enough passphrase', /--role must be one of/],
    [['create', '--role', 'admin'], 'a long enough passphrase', /--email is required/],
    [['create', '--email', 'x@example.com', '--role', 'viewer'], '', /no password given/],
    [['promote', '--email', 'x@example.com'], 'whatever', /unknown action 'promote'/],
  ])('refuses %j with a one-line reason (exit 2)', async (args, password, message) => {
    const t = io(password);
    expect(await runUserCommand(args, config, log, t.value)).toBe(2);
    expect(t.err).toEqual([expect.stringMatching(message)]);
  });

  it('refuses a short password and a duplicate e-mail (exit 1), creating nothing', async () => {
    const before = await db.prisma.user.count();
    const short = io('short');
    expect(await runUserCommand(['create', '--email', 'y@example.com', '--role', 'viewer'], config, log, short.value)).toBe(1);
    expect(short.err).toEqual([expect.stringMatching(/12 to 256 characters/)]);
    const dup = io('another long passphrase');
    expect(await runUserCommand(['create', '--email', 'root@example.com', '--role', 'viewer'], config, log, dup.value)).toBe(1);
    expect(dup.err).toEqual([expect.stringMatching(/already exists/)]);
    expect(await db.prisma.user.count()).toBe(before);
  });

  it('sets a new password and lifts a lockout', async () => {
    await db.prisma.user.update({ where: { email: 'root@example.com' }, data: { failedLogins: 5, lockedUntil: new Date(Date.now() + 3_600_000) } });
    const t = io('a brand new passphrase');
    expect(await runUserCommand(['set-password', '--email', 'root@example.com'], config, log, t.value)).toBe(0);
    const u = await db.prisma.user.findUniqueOrThrow({ where: { email: 'root@example.com' } });
    expect(await verifyPassword('a brand new passphrase', u.passwordHash)).toBe(true);
    expect(u.lockedUntil).toBeNull();
    const missing = io('x');
    expect(await runUserCommand(['unlock', '--email', 'ghost@example.com'], config, log, missing.value)).toBe(1);
    expect(missing.err).toEqual(['chargemend user unlock: no user ghost@example.com']);
  });

  it('is listed in chargemend --help and has its own help', async () => {
    const out: string[] = [];
    const cli = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    expect(await main(['--help'], cli)).toBe(0);
    expect(out.join('\n')).toMatch(/user <action>/);
    out.length = 0;
    expect(await main(['user', '--help'], cli)).toBe(0);
    expect(out.join('\n')).toMatch(/There is no default account or password/);
  });
});
