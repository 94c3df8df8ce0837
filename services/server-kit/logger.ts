import { type Logger, pino } from 'pino';

export interface LoggerOptions {
  readonly level: string;
  /** Where JSON lines go. @default standard output */
  readonly destination?: NodeJS.WritableStream;
}

/** pino JSON logs; personal data never goes in a log line, only ids. */
export function createLogger({ level, destination }: LoggerOptions): Logger {
  const options = { level, base: { service: 'gba' }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}

/** The request log's listener: one line per GraphQL request. */
export function logOperation(log: Logger) {
  return (record: {
    operationName: string | undefined;
    durationMs: number;
    errorCodes: readonly string[];
    status: number;
    requestId: string;
    clientRequestId?: string | null;
  }) => {
    log.info(
      {
        requestId: record.requestId,
        ...(record.clientRequestId ? { clientRequestId: record.clientRequestId } : {}),
        operationName: record.operationName ?? null,
        durationMs: Math.round(record.durationMs * 100) / 100,
        errorCodes: record.errorCodes,
        status: record.status,
      },
      'graphql request',
    );
  };
}
