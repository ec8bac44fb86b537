/**
 * Deletes every object version and delete marker in the given buckets, so CloudFormation can
 * delete them with their stack. Used by the teardown workflow.
 *
 *   npx tsx scripts/empty-bucket.ts <bucket> [<bucket> ...]
 *
 * Credentials and region come from the environment, as for any AWS SDK client.
 */

import { pathToFileURL } from 'node:url';
import {
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  type ListObjectVersionsCommandOutput,
  S3Client,
} from '@aws-sdk/client-s3';

type ObjectId = { Key: string; VersionId?: string };

/** Returns how many versions and delete markers were removed; a missing bucket counts as empty. */
export async function emptyBucket(client: S3Client, bucket: string): Promise<number> {
  let removed = 0;
  for (;;) {
    let page: ListObjectVersionsCommandOutput;
    try {
      // Always list from the start: what was deleted is gone, so this converges without markers.
      page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000 }));
    } catch (error) {
      if ((error as Error).name === 'NoSuchBucket') return removed;
      throw error;
    }
    const objects: ObjectId[] = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
      .filter((o) => o.Key !== undefined)
      .map((o) => ({ Key: o.Key!, ...(o.VersionId ? { VersionId: o.VersionId } : {}) }));
    if (objects.length === 0) return removed;
    for (let i = 0; i < objects.length; i += 1000) {
      const batch = objects.slice(i, i + 1000);
      const result = await client.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }),
      );
      if (result.Errors?.length) {
        const first = result.Errors[0]!;
        throw new Error(
          `Could not delete ${result.Errors.length} object(s) from ${bucket}, e.g. ${first.Key}: ${first.Code} ${first.Message}`,
        );
      }
      removed += batch.length;
    }
  }
}

async function main(buckets: string[]): Promise<void> {
  const client = new S3Client({});
  for (const bucket of buckets) {
    const removed = await emptyBucket(client, bucket);
    console.log(`Emptied ${bucket}: ${removed} object version(s) and delete marker(s) removed`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2).filter(Boolean)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
