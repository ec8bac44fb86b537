import { DeleteObjectTaggingCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { BUCKET, bytesOf, fx, presignedPut, tagsOf, useS3Proxy } from './support/s3-proxy-fixture';

/**
 * The local S3 layer (SigV4-checking proxy in front of s3rver) does what S3 does where s3rver
 * does not: create-once PUTs and tags on write. Multipart: s3-proxy-multipart.test.ts.
 */
useS3Proxy();

describe('create-once PUT (If-None-Match: *)', () => {
  it('refuses a replay of the presigned PUT with 412 PreconditionFailed, leaving the bytes unchanged', async () => {
    // Arrange
    const put = await presignedPut('once/a.txt', 5);
    const first = await put('hello');
    // Act
    const replay = await put('HACKD');
    // Assert
    expect(first.status).toBe(200);
    expect(replay.status).toBe(412);
    expect(await replay.text()).toContain('<Code>PreconditionFailed</Code>');
    expect((await bytesOf('once/a.txt')).toString()).toBe('hello');
  });

  it('lets exactly one of ten parallel create-once PUTs of one key through', async () => {
    // Arrange
    const put = await presignedPut('once/race.txt', 2);
    // Act
    const statuses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => put(String(i).padStart(2, '0')).then((r) => r.status)),
    );
    // Assert
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(9);
  });
});

describe('tags on write', () => {
  it('applies x-amz-tagging of a PUT before the object is announced, and DeleteObjectTagging clears it', async () => {
    // Arrange
    const put = await presignedPut('tags/a.txt', 3);
    // Act
    expect((await put('abc')).status).toBe(200);
    const announced = fx.events.find((e) => e.key === 'tags/a.txt');
    const atDelivery = await announced?.tagsAtDelivery;
    await fx.client.send(new DeleteObjectTaggingCommand({ Bucket: BUCKET, Key: 'tags/a.txt' }));
    // Assert
    expect(atDelivery).toEqual(['pending=true']);
    expect(await tagsOf('tags/a.txt')).toEqual([]);
  });

  it('answers a path that is not valid percent-encoding with 400 InvalidURI and keeps serving', async () => {
    // Act
    const bad = await fetch(`http://127.0.0.1:${fx.proxy.port}/%ff`);
    const after = await fetch(`http://127.0.0.1:${fx.proxy.port}/${BUCKET}/x`);
    // Assert
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('InvalidURI');
    expect(after.status).toBe(403);
  });
});
