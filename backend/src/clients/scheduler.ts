import { SchedulerClient } from '@aws-sdk/client-scheduler';

/** One Scheduler client per execution environment; AWS_ENDPOINT_URL_SCHEDULER points it elsewhere locally. */
export const schedulerClient = new SchedulerClient({});
