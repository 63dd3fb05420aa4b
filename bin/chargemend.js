#!/usr/bin/env node
// The `chargemend` command. TypeScript runs through tsx (ARCHITECTURE.md: runtime choices).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
