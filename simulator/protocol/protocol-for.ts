import type { OcppVersion } from '../config.ts';
import type { ProtocolModule } from './protocol.ts';
import { v16 } from './v16.ts';
import { makeV2 } from './v2.ts';

const modules: Record<OcppVersion, ProtocolModule> = { '1.6': v16, '2.0.1': makeV2('2.0.1'), '2.1': makeV2('2.1') };

export function protocolFor(version: OcppVersion): ProtocolModule {
  return modules[version];
}
