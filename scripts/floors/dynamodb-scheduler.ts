// SDK floor: DynamoDB document client plus EventBridge Scheduler (the todo routes that move reminders).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const scheduler = new SchedulerClient({});
