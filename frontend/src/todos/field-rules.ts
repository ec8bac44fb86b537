/** The API's rule for single-line text (titles): no control characters (backend/src/lib/validation.ts). */
export const isSingleLine = (value: string) => !/\p{Cc}/u.test(value);
