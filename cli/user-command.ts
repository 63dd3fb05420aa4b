import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { recordAudit } from '../core/audit/record-audit.ts';
import type { Config } from '../core/config.ts';
import { MIGRATIONS_DIR, openDatabase } from '../core/db/database.ts';
import { migrate } from '../core/db/migrator.ts';
import type { Logger } from '../core/logger.ts';
import { createUser } from '../core/users/create-user.ts';
import { UserError } from '../core/users/errors.ts';
import { isRole, ROLES } from '../core/users/permissions.ts';
import { updateUser } from '../core/users/update-user.ts';
import { parseFlags, type CliIo } from './main.ts';

export const USER_HELP = `Usage: chargemend user <action> --email E [options]

Actions:
  create --email E --role R [--name N]   create a user; the password is read from standard input
  set-password --email E                 set a new password (read from standard input); ends their sessions
  unlock --email E                       lift a login lockout now

Roles: ${ROLES.join(', ')}.
There is no default account or password: make the first admin with
  chargemend user create --email you@example.com --role admin
and type the password when asked, or pipe it in (--password-stdin reads one line, no prompt).`;

export interface UserCommandIo extends CliIo {
  /** reads a password: prompts without echo on a terminal, else the first line of standard input */
  readPassword?(prompt: string, fromStdin: boolean): Promise<string>;
}

export async function runUserCommand(args: string[], config: Config, log: Logger, io: UserCommandIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } }, true);
  const [action, ...extra] = positionals;
  if (!action || !['create', 'set-password', 'unlock'].includes(action) || extra.length > 0) {
    io.err(`chargemend user: unknown action '${[action, ...extra].join(' ')}' (create, set-password, unlock)`);
    return 2;
  }
  const email = values.email?.trim().toLowerCase();
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) {
    io.err(`chargemend user ${action}: --email is required (an e-mail address)`);
    return 2;
  }
  const role = values.role !== undefined && isRole(values.role) ? values.role : undefined;
  if (action === 'create' && !role) {
    io.err(`chargemend user create: --role must be one of ${ROLES.join(', ')}`);
    return 2;
  }
  const password = action === 'unlock' ? undefined : await (io.readPassword ?? readPassword)(`Password for ${email}: `, values['password-stdin'] === true);
  if (password !== undefined && password.length === 0) {
    io.err(`chargemend user ${action}: no password given on standard input`);
    return 2;
  }

  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  try {
    await db.withSession((s) => migrate(s, { migrationsDir: MIGRATIONS_DIR, log }));
    const audit = (act: string, target: string) =>
      recordAudit(db.prisma, { at: new Date(), actor: 'cli', actorLabel: safeUsername(), via: 'cli', action: act, target, outcome: 'success' });
    if (action === 'create') {
      const u = await createUser(db.prisma, { email, name: values.name ?? email.split('@')[0]!, role: role!, password: password! });
      await audit('users.create', `user:${u.id}`);
      io.out(`user ${u.email} created (${u.role})`);
      return 0;
    }
    const user = await db.prisma.user.findUnique({ where: { email } });
    if (!user) {
      io.err(`chargemend user ${action}: no user ${email}`);
      return 1;
    }
    await updateUser(db.prisma, user.id, action === 'unlock' ? { unlock: true } : { password, unlock: true }, new Date());
    await audit(action === 'unlock' ? 'users.unlock' : 'users.set-password', `user:${user.id}`);
    io.out(`user ${email}: ${action === 'unlock' ? 'unlocked' : 'password set'}`);
    return 0;
  } catch (err) {
    if (err instanceof UserError) {
      io.err(`chargemend user ${action}: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await db.close();
  }
}

function safeUsername(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** On a terminal: a prompt with echo off, asked twice. Piped (or --password-stdin): the first line. */
async function readPassword(prompt: string, fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin, terminal: false });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return '';
  }
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      let muted = false;
      const output = new Writable({
        write(chunk: Buffer, _enc, cb) {
          if (!muted) process.stderr.write(chunk);
          cb();
        },
      });
      const rl = createInterface({ input: process.stdin, output, terminal: true });
      rl.question(q, (answer) => {
        rl.close();
        process.stderr.write('\n');
        resolve(answer);
      });
      muted = true;
    });
  const first = await ask(prompt);
  const again = await ask('Again: ');
  if (first !== again) throw new Error('the two passwords differ');
  return first;
}
