// No runtime code here: the local runtime and the deploy scripts import this type too.

/** The runtime configuration every deployment writes next to the app as `/config.json`. */
export interface AppConfig {
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  todosApiUrl: string;
  filesApiUrl: string;
  maxUploadBytes: number;
  authFlow: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH';
  /** Only locally: cognito-local's URL, passed to the user pool as its endpoint. */
  cognitoEndpoint?: string;
}
