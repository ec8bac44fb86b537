import { describe, expect, it } from 'vitest';
import { ApiError, AuthError, NetworkError, SessionExpiredError } from '../errors';
import { describeError, describeFormError, fieldErrors, PASSWORD_RULES, passwordProblems } from './messages';

describe('describeError', () => {
  it('reassures that typed text is kept when the network fails', () => {
    expect(describeError(new NetworkError())).toMatch(/Can't reach the server.*nothing you typed was lost/);
  });

  it('turns each API status into a sentence about what happened', () => {
    expect(describeError(new ApiError(404, 'NOT_FOUND', 'Todo not found.'))).toBe(
      'This todo no longer exists. It may have been deleted.',
    );
    expect(describeError(new ApiError(404, 'NOT_FOUND', 'x'), 'file')).toMatch(/^This file no longer exists/);
    expect(describeError(new ApiError(409, 'TOO_MANY_FILES', 'A todo can have at most 20 files.'))).toBe(
      'A todo can have at most 20 files. Delete a file to attach another.',
    );
    expect(describeError(new ApiError(413, 'PAYLOAD_TOO_LARGE', 'Files can be at most 10 bytes.'))).toBe(
      'Files can be at most 10 bytes.',
    );
    expect(describeError(new ApiError(503, 'SERVICE_UNAVAILABLE', 'busy'))).toMatch(/busy right now/);
    expect(describeError(new ApiError(500, 'INTERNAL_ERROR', 'Something went wrong.'))).toMatch(
      /on our side/,
    );
    expect(describeError(new ApiError(400, 'INVALID_CURSOR', 'bad cursor'))).toMatch(/Reload it/);
    expect(describeError(new SessionExpiredError())).toMatch(/session has expired/);
  });

  it('points at the highlighted fields only for a form that highlighted one, and else names what was wrong', () => {
    const error = new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body.', [
      { path: 'title', message: 'Must be at most 200 characters.' },
      { path: 'dueDate', message: 'Must be a real calendar date.' },
    ]);
    expect(describeFormError(error, true)).toBe('Please correct the highlighted fields.');
    const named = 'Title: Must be at most 200 characters. Due date: Must be a real calendar date.';
    expect(describeFormError(error, false)).toBe(named);
    expect(describeError(error)).toBe(named);
    expect(describeFormError(new NetworkError(), true)).toMatch(/Can't reach the server/);
    expect(fieldErrors(error)).toEqual({
      title: 'Must be at most 200 characters.',
      dueDate: 'Must be a real calendar date.',
    });
  });

  it('words Cognito errors for people', () => {
    expect(describeError(new AuthError('NotAuthorizedException', 'Incorrect username or password.'))).toBe(
      'Incorrect email or password.',
    );
    expect(describeError(new AuthError('CodeMismatchException', 'x'))).toMatch(/code is not right/);
    expect(describeError(new AuthError('UsernameExistsException', 'x'))).toMatch(/already exists/);
  });
});

describe('password rules', () => {
  it('lists what a password still lacks, matching the pool policy', () => {
    expect(PASSWORD_RULES.map((r) => r.text)).toEqual([
      'At least 8 characters',
      'A lower-case letter',
      'An upper-case letter',
      'A digit',
    ]);
    expect(passwordProblems('short').map((r) => r.id)).toEqual(['length', 'upper', 'digit']);
    expect(passwordProblems('LongEnough1')).toEqual([]);
  });
});
