/** The fleet's version, from the root package.json (one version for every service). */
export const SERVICE_VERSION: string = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();
