import { describe, expect, it } from 'vitest';
import { frontendConfig } from '../../../scripts/write-frontend-config';
import { appConfigFromOutputs } from '../../config-json';

const outputs = {
  Region: 'eu-west-1',
  UserPoolId: 'eu-west-1_AbC',
  UserPoolClientId: 'client',
  TodosApiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/',
  FilesApiUrl: 'https://def.execute-api.eu-west-1.amazonaws.com',
  MaxUploadBytes: '1024',
};

describe('config.json from stack outputs', () => {
  it('is the one builder behind the deploy script', () => {
    expect(frontendConfig(outputs)).toEqual(appConfigFromOutputs(outputs, { kind: 'aws' }));
    expect(frontendConfig(outputs).authFlow).toBe('USER_SRP_AUTH');
    expect(frontendConfig(outputs).todosApiUrl).toBe('https://abc.execute-api.eu-west-1.amazonaws.com');
  });

  it('for the local runtime signs in with passwords at cognito-local and accepts http APIs', () => {
    const local = { ...outputs, TodosApiUrl: 'http://localhost:3001', FilesApiUrl: 'http://localhost:3002/' };
    expect(appConfigFromOutputs(local, { kind: 'local', cognitoEndpoint: 'http://localhost:9229' })).toEqual({
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_AbC',
      userPoolClientId: 'client',
      todosApiUrl: 'http://localhost:3001',
      filesApiUrl: 'http://localhost:3002',
      maxUploadBytes: 1024,
      authFlow: 'USER_PASSWORD_AUTH',
      cognitoEndpoint: 'http://localhost:9229',
    });
    expect(() => appConfigFromOutputs(local, { kind: 'aws' })).toThrow(/not an https URL/);
  });

  it('names the missing or implausible output for either target', () => {
    const { Region: _, ...withoutRegion } = outputs;
    expect(() => appConfigFromOutputs(withoutRegion, { kind: 'local', cognitoEndpoint: 'x' })).toThrow(
      /Region is missing/,
    );
    expect(() => appConfigFromOutputs({ ...outputs, MaxUploadBytes: '-1' }, { kind: 'aws' })).toThrow(
      /MaxUploadBytes/,
    );
  });
});
