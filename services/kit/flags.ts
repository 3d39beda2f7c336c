import { FlagdProvider } from '@openfeature/flagd-provider';
import { OpenFeature, type Client } from '@openfeature/server-sdk';
import type { Logger } from 'pino';

export interface Flags {
  /** Evaluates a boolean flag; the fallback answers when the file lacks the flag (or there is no file). */
  getBoolean(key: string, fallback: boolean): Promise<boolean>;
  close(): Promise<void>;
}

export interface FlagsOptions {
  /** A flagd-format JSON file; without one every flag takes its fallback. */
  file?: string | undefined;
  /** OpenFeature domain, unique per app so two apps in one process keep separate providers. */
  domain: string;
  log: Logger;
}

/**
 * OpenFeature backed by flagd's in-process evaluator reading a flagd JSON file. The
 * provider polls the file (fs.watchFile, about every 5 s), so an edit takes effect
 * without a restart. A file that is missing or not flagd JSON at start rejects here.
 */
export async function createFlags(opts: FlagsOptions): Promise<Flags> {
  if (!opts.file) {
    return { getBoolean: async (_key, fallback) => fallback, close: async () => undefined };
  }
  const provider = new FlagdProvider({ resolverType: 'in-process', offlineFlagSourcePath: opts.file });
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
