import { Server, ServerCredentials, type ServerWritableStream, type ServiceDefinition } from '@grpc/grpc-js';

/**
 * flagd's sync service (flagd.sync.v1.FlagSyncService/SyncFlags) as flagd serves it: a
 * server stream whose messages carry the whole flag configuration in field 1
 * (`flag_configuration`), one message at connect and one on every change. Protobuf is
 * written by hand here (one length-delimited string field), so the provider's own decoder
 * is what reads it.
 */
export interface FlagdSyncStandIn {
  port: number;
  /** Pushes a new configuration to every connected provider, as flagd does when its file changes. */
  publish(flagsJson: string): void;
  close(): Promise<void>;
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  let v = n;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

/** SyncFlagsResponse { string flag_configuration = 1; } */
const encodeResponse = (flags: string): Buffer => {
  const body = Buffer.from(flags, 'utf8');
  return Buffer.concat([Buffer.from([0x0a]), varint(body.length), body]);
};

const service: ServiceDefinition = {
  syncFlags: {
    path: '/flagd.sync.v1.FlagSyncService/SyncFlags',
    requestStream: false,
    responseStream: true,
    requestSerialize: () => Buffer.alloc(0),
    // The request names a provider and a selector; this flagd serves one source to all.
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (flags: string) => encodeResponse(flags),
    responseDeserialize: (b: Buffer) => b,
  },
};

export async function startFlagdSync(initial: string): Promise<FlagdSyncStandIn> {
  let current = initial;
  const streams = new Set<ServerWritableStream<Buffer, string>>();
  const server = new Server();
  server.addService(service, {
    syncFlags: (call: ServerWritableStream<Buffer, string>) => {
      streams.add(call);
      call.on('cancelled', () => streams.delete(call));
      call.write(current);
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  return {
    port,
    publish(flagsJson) {
      current = flagsJson;
      for (const s of streams) s.write(flagsJson);
    },
    close: () => new Promise<void>((resolve) => {
      for (const s of streams) s.end();
      server.tryShutdown(() => resolve());
    }),
  };
}
