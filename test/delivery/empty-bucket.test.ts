import { DeleteObjectsCommand, ListObjectVersionsCommand, NoSuchBucket, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { emptyBucket } from '../../scripts/empty-bucket';

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'us-east-1' });

describe('emptyBucket', () => {
  beforeEach(() => s3.reset());

  it('deletes every version and delete marker until the bucket lists empty', async () => {
    const versions = Array.from({ length: 1000 }, (_, i) => ({ Key: `k${i}`, VersionId: `v${i}` }));
    s3.on(ListObjectVersionsCommand)
      .resolvesOnce({ Versions: versions.slice(0, 900), DeleteMarkers: versions.slice(900) })
      .resolvesOnce({ Versions: [{ Key: 'late', VersionId: 'null' }] })
      .resolves({});
    s3.on(DeleteObjectsCommand).resolves({});

    expect(await emptyBucket(client, 'b')).toBe(1001);
    const deletes = s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input);
    expect(deletes).toHaveLength(2);
    expect(deletes[0]!.Delete?.Objects).toHaveLength(1000);
    expect(deletes[0]!.Delete?.Objects?.[950]).toEqual({ Key: 'k950', VersionId: 'v950' });
    expect(deletes[1]!.Delete?.Objects).toEqual([{ Key: 'late', VersionId: 'null' }]);
    expect(s3.commandCalls(ListObjectVersionsCommand)).toHaveLength(3);
  });

  it('treats a missing bucket as empty', async () => {
    s3.on(ListObjectVersionsCommand).rejects(new NoSuchBucket({ message: 'gone', $metadata: {} }));
    expect(await emptyBucket(client, 'b')).toBe(0);
  });

  it('fails loudly when S3 refuses a delete', async () => {
    s3.on(ListObjectVersionsCommand).resolves({ Versions: [{ Key: 'k', VersionId: 'v' }] });
    s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'k', Code: 'AccessDenied', Message: 'no' }] });
    await expect(emptyBucket(client, 'b')).rejects.toThrow(/AccessDenied/);
  });
});
