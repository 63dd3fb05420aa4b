import type { Config } from '../core/config.ts';
import { MIGRATIONS_DIR, openDatabase } from '../core/db/database.ts';
import { migrate } from '../core/db/migrator.ts';
import type { Logger } from '../core/logger.ts';
import { hashPassword } from '../core/security/password.ts';
import { parseFlags, type CliIo } from './main.ts';

export const CHARGER_HELP = `Usage: chargemend charger <action> <chargerId> [options]

Actions:
  add <id> [--password P] [--security-profile 0|1|2|3]   register a charger so it may connect
  set-password <id> --password P                         set or change its Security Profile 1/2 password
  approve <id>                                           accept a charger waiting in Pending
  reject <id>                                            answer its BootNotification with Rejected

A charger without a password connects without HTTP Basic auth (Security Profile 0: only on trusted networks).`;

export async function runChargerCommand(args: string[], config: Config, log: Logger, io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { password: { type: 'string' }, 'security-profile': { type: 'string' } }, true);
  const [action, chargerId, ...extra] = positionals;
  if (!action || !['add', 'set-password', 'approve', 'reject'].includes(action)) {
    io.err(`chargemend charger: unknown action '${action ?? ''}' (add, set-password, approve, reject)`);
    return 2;
  }
  if (!chargerId || extra.length > 0) {
    io.err(`chargemend charger ${action}: give exactly one charger id`);
    return 2;
  }
  const profile = values['security-profile'] === undefined ? undefined : Number(values['security-profile']);
  if (profile !== undefined && ![0, 1, 2, 3].includes(profile)) {
    io.err(`chargemend charger ${action}: --security-profile must be 0, 1, 2 or 3`);
    return 2;
  }
  if (action === 'set-password' && !values.password) {
    io.err('chargemend charger set-password: --password is required');
    return 2;
  }
  if (values.password !== undefined && (values.password.length < 16 || values.password.length > 40)) {
    // OCPP 1.6 security whitepaper / 2.0.1 A00.FR.205: passwords are 16–40 characters
    io.err(`chargemend charger ${action}: --password must be 16 to 40 characters (OCPP security profile 1)`);
    return 2;
  }

  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  try {
    await db.withSession((s) => migrate(s, { migrationsDir: MIGRATIONS_DIR, log }));
    const passwordHash = values.password ? await hashPassword(values.password) : undefined;
    const p = db.prisma;
    switch (action) {
      case 'add':
        await p.charger.upsert({
          where: { id: chargerId },
          create: { id: chargerId, passwordHash: passwordHash ?? null, securityProfile: profile ?? (passwordHash ? 1 : 0), registration: 'accepted' },
          update: { ...(passwordHash ? { passwordHash } : {}), ...(profile !== undefined ? { securityProfile: profile } : {}) },
        });
        io.out(`charger ${chargerId} registered`);
        return 0;
      case 'set-password': {
        const n = await p.charger.updateMany({ where: { id: chargerId }, data: { passwordHash: passwordHash! } });
        return reportUpdate(n.count, chargerId, 'password set', io);
      }
      default: {
        const registration = action === 'approve' ? 'accepted' : 'rejected';
        const n = await p.charger.updateMany({ where: { id: chargerId }, data: { registration } });
        return reportUpdate(n.count, chargerId, registration, io);
      }
    }
  } finally {
    await db.close();
  }
}

function reportUpdate(count: number, chargerId: string, what: string, io: CliIo): number {
  if (count === 0) {
    io.err(`chargemend charger: no charger '${chargerId}'`);
    return 1;
  }
  io.out(`charger ${chargerId}: ${what}`);
  return 0;
}
