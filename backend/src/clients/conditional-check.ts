import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** A write's condition did not hold (the item is missing, or not in the expected state). */
export const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error as Error | null)?.name === 'ConditionalCheckFailedException';
