/** Environment for a platform started in a test: every port picked free, quiet logs, data in `dataDir`. */
export const platformEnv = (dataDir: string, extra: Record<string, string> = {}): Record<string, string> => ({
  DATA_DIR: dataDir,
  HOST: '127.0.0.1',
  GATEWAY_PORT: '0',
  KNOWLEDGE_PORT: '0',
  EXCHANGE_PORT: '0',
  CONSENT_PORT: '0',
  IDP_PORT: '0',
  LOG_LEVEL: 'silent',
  ...extra,
});
