/**
 * Calls `listener` when the page may be going away: on pagehide (closed, reloaded, navigated
 * away) and, with `hidden`, when the tab is hidden, the last moment a mobile browser surely runs
 * code before it may discard the tab. What the listener sends must be a keepalive request.
 * Returns the function that stops listening.
 */
export function onPageExit(listener: () => void, options: { hidden?: boolean } = {}): () => void {
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') listener();
  };
  window.addEventListener('pagehide', listener);
  if (options.hidden) document.addEventListener('visibilitychange', onVisibility);
  return () => {
    window.removeEventListener('pagehide', listener);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
