import { FlagdProvider } from '@openfeature/flagd-provider';
import { OpenFeature, type Client } from '@openfeature/server-sdk';
import type { Logger } from 'pino';

export interface Flags {
  /** Evaluates a boolean flag; the fallback answers when the file lacks the flag (or there is no file). */
  getBoolean(key: string, fallback: boolean): Promise<boolean>;
  close(): Promise<void>;
}

export interface FlagsOptions {
  /** A flagd-format JSON file; without one (and without flagd) every flag takes its fallback. */
  file?: string | undefined;
  /** flagd's gRPC sync service: the same in-process evaluation, fed by flagd instead of a file (Kubernetes). */
  flagd?: { host: string; port: number } | undefined;
  /** OpenFeature domain, unique per app so two apps in one process keep separate providers. */
  domain: string;
  log: Logger;
}

/**
 * OpenFeature backed by flagd's in-process evaluator, fed by a flagd JSON file (the local
 * lab: the provider polls it, about every 5 s, so an edit takes effect without a restart)
 * or by flagd's sync stream (Kubernetes: flagd watches the shop repository's flags and
 * pushes each change). A file that is missing or not flagd JSON, or a flagd that does not
 * answer, rejects here.
 */
export async function createFlags(opts: FlagsOptions): Promise<Flags> {
  if (!opts.file && !opts.flagd) {
    return { getBoolean: async (_key, fallback) => fallback, close: async () => undefined };
  }
  const provider = opts.flagd
    ? new FlagdProvider({ resolverType: 'in-process', host: opts.flagd.host, port: opts.flagd.port })
    : new FlagdProvider({ resolverType: 'in-process', offlineFlagSourcePath: opts.file });
  await OpenFeature.setProviderAndWait(opts.domain, provider);
  const client: Client = OpenFeature.getClient(opts.domain);
  const warned = new Set<string>();
  return {
    async getBoolean(key, fallback) {
      const details = await client.getBooleanDetails(key, fallback);
      if (details.errorCode && !warned.has(key)) {
        warned.add(key);
        opts.log.warn({ flag: key, errorCode: details.errorCode, fallback }, 'flag not evaluated; using fallback');
      }
      return details.value;
    },
    close: async () => {
      await provider.onClose();
    },
  };
}
