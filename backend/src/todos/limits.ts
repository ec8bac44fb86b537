/**
 * The todo field limits the API enforces, defined once: the schemas check them and the web app
 * reads them for its form limits. Import-free on purpose, so the browser bundle can include it.
 */
export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 2_000;
export const NOTES_MAX = 10_000;
export const SEARCH_MAX = 200;
export const LABELS_MAX = 10;
export const LABEL_MAX = 30;
export const CHECKLIST_MAX = 50;
export const CHECKLIST_TEXT_MAX = 200;
export const POSITION_MAX = 64;
