import { ensureTemplateDatabase } from '../db/templateDatabase';
import { ensureServices } from './ensureServices';

/** Jest global setup: services reachable (or containers started), migrated template built. */
export default async function globalSetup(): Promise<void> {
  const stopContainers = await ensureServices();
  (globalThis as { __stopTestContainers?: () => Promise<void> }).__stopTestContainers = stopContainers ?? undefined;
  await ensureTemplateDatabase();
}
