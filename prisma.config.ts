import { defineConfig } from 'prisma/config';

// Only `prisma generate` is used on our machines; migrations are applied by `chargemend migrate`.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
