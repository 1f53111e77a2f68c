export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __stopTestContainers?: () => Promise<void> }).__stopTestContainers?.();
}
