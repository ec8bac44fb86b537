import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';

export interface RunningS3 {
  endpoint: string;
  server: S3rver;
  stop(): Promise<void>;
}

/** s3rver's fixed credentials; it checks signatures made with them. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** Start s3rver in this process, storing objects under `directory`. */
export async function startS3(options: {
  port: number;
  directory: string;
  address?: string;
}): Promise<RunningS3> {
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({
    port: options.port,
    address: options.address ?? '127.0.0.1',
    directory: options.directory,
    silent: true,
    vhostBuckets: false,
  });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    server,
    stop: () => server.close(),
  };
}
