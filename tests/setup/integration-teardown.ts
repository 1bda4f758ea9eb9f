// Jest globalTeardown of the integration suite: drops the template made by integration-setup.ts.
export default async () => {
  await (globalThis as { dropTemplate?: () => Promise<void> }).dropTemplate?.();
};
