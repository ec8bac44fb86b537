import { ApiError, AuthError, NetworkError, SessionExpiredError, UploadCancelledError } from '../errors';

/** A name or title as messages quote it: “Buy milk”. */
export const quote = (text: string) => `“${text}”`;

/** What the failed action was about, so a 404 can say "This todo" or "This file". */
export type Subject = 'todo' | 'file' | 'list';

export const NETWORK_MESSAGE =
  "Can't reach the server. Check your connection and try again; nothing you typed was lost.";

/** Turns any error into one sentence a person can act on. */
export function describeError(error: unknown, subject: Subject = 'todo'): string {
  if (error instanceof NetworkError) return NETWORK_MESSAGE;
  if (error instanceof SessionExpiredError) return 'Your session has expired. Please log in again.';
  if (error instanceof UploadCancelledError) return 'Upload cancelled.';
  if (error instanceof AuthError) return describeAuthError(error);
  if (error instanceof ApiError) {
    switch (error.status) {
      case 400:
        if (error.code === 'INVALID_CURSOR') return 'The list changed since it was loaded. Reload it.';
        // Nothing is highlighted here: a form that shows these next to its fields says so itself
        // (describeFormError).
        return error.details.length > 0 ? detailsText(error) : error.message;
      case 404:
        if (subject === 'file') return 'This file no longer exists. It may have been deleted.';
        return 'This todo no longer exists. It may have been deleted.';
      case 409:
        return error.code === 'TOO_MANY_FILES'
          ? `${error.message} Delete a file to attach another.`
          : 'That change conflicts with another one. Reload and try again.';
      case 413:
        return error.message || 'That file is too large.';
      case 503:
        return 'The service is busy right now. Please try again in a moment.';
      default:
        return error.status >= 500
          ? 'Something went wrong on our side. Please try again.'
          : error.message || 'The request was refused.';
    }
  }
  return 'Something unexpected went wrong. Please try again.';
}

/** The API's field names as the app's labels call them. */
const FIELD_NAMES: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  notes: 'Notes',
  dueDate: 'Due date',
  priority: 'Priority',
  labels: 'Labels',
  checklist: 'Checklist',
  repeat: 'Repeat',
  remindAt: 'Reminder',
  position: 'Position',
};

/** "Reminder: Must be in the future.": what the server said about each field, naming it. */
function detailsText(error: ApiError): string {
  return error.details
    .map(({ path, message }) => {
      const field = path.split('.')[0] ?? '';
      return `${FIELD_NAMES[field] ?? (field || 'Request')}: ${message}`;
    })
    .join(' ');
}

export const HIGHLIGHTED_MESSAGE = 'Please correct the highlighted fields.';

/**
 * describeError for a form that shows the API's field errors next to its fields: it points at
 * them only when the form did highlight one (`highlighted`); otherwise it says what was wrong.
 */
export function describeFormError(error: unknown, highlighted: boolean): string {
  return highlighted && error instanceof ApiError && error.status === 400
    ? HIGHLIGHTED_MESSAGE
    : describeError(error);
}

/** API field errors keyed by field name ("title", "dueDate", ...), worded for the form. */
export function fieldErrors(error: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (error instanceof ApiError && error.status === 400) {
    for (const issue of error.details) {
      const field = issue.path.split('.')[0] || 'form';
      result[field] ??= issue.message;
    }
  }
  return result;
}

const AUTH_MESSAGES: Record<string, string> = {
  NotAuthorizedException: 'Incorrect email or password.',
  UserNotFoundException: 'No account uses that email address.',
  UserNotConfirmedException: 'This account is not confirmed yet. Enter the code we emailed you.',
  UsernameExistsException: 'An account with this email already exists. Log in instead.',
  CodeMismatchException: 'That code is not right. Check the email and try again.',
  ExpiredCodeException: 'That code has expired. Ask for a new one.',
  LimitExceededException: 'Too many attempts. Wait a few minutes and try again.',
  TooManyRequestsException: 'Too many attempts. Wait a few minutes and try again.',
  TooManyFailedAttemptsException: 'Too many attempts. Wait a few minutes and try again.',
  NetworkError: NETWORK_MESSAGE,
};

export function describeAuthError(error: AuthError): string {
  if (error.code === 'InvalidPasswordException') {
    return `That password does not meet the rules. ${error.message}`.trim();
  }
  if (error.code === 'InvalidParameterException') return error.message || 'Please check what you entered.';
  return AUTH_MESSAGES[error.code] ?? (error.message || 'Something went wrong. Please try again.');
}

/** The user pool's password policy (template.yaml: min 8, lower, upper, digit), shown before submit. */
export const PASSWORD_RULES: readonly { id: string; text: string; test: (p: string) => boolean }[] = [
  { id: 'length', text: 'At least 8 characters', test: (p) => p.length >= 8 },
  { id: 'lower', text: 'A lower-case letter', test: (p) => /[a-z]/.test(p) },
  { id: 'upper', text: 'An upper-case letter', test: (p) => /[A-Z]/.test(p) },
  { id: 'digit', text: 'A digit', test: (p) => /\d/.test(p) },
];

export const passwordProblems = (password: string) => PASSWORD_RULES.filter((rule) => !rule.test(password));
