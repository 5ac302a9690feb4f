// Seeds the demo campaign "水城优才" into the database named by DATABASE_URL when
// it has no campaign yet (`npm run seed:demo`). The api does the same on boot
// when SEED_DEMO=true (the default in development).
import { seedDemoCampaign } from '@yunzhao/campaigns';
import { readDatabaseUrl } from '@yunzhao/config';
import { dataSourceOptions, runMigrations } from '@yunzhao/db';
import { DataSource } from 'typeorm';

async function main(): Promise<void> {
  const dataSource = await new DataSource(dataSourceOptions(readDatabaseUrl())).initialize();
  try {
    await runMigrations(dataSource);
    const id = await seedDemoCampaign(dataSource);
    process.stdout.write(
      id ? `seeded the demo campaign ${id}\n` : 'a campaign already exists; nothing seeded\n',
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `seed-demo failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
