import { h } from '../ui/dom';

/**
 * Loads the next page when the end of the list comes near the viewport, so a long list (or a
 * filter whose bounded pages hold few items) keeps filling while the user scrolls. The "Load more"
 * button stays: it is the way for keyboard users, and for browsers without IntersectionObserver.
 */
export interface LoadOnScroll {
  /** A visually hidden live region saying how many todos are shown after each page. */
  readonly status: HTMLElement;
  /** A link, shown on focus, that jumps past the list to "Load more". */
  readonly skipLink: HTMLAnchorElement;
  /** Call after each render: loads again if the end is still in view (an observer fires only on change). */
  check(canLoad: boolean): void;
  announce(shown: number, more: boolean): void;
  destroy(): void;
}

export function loadOnScroll(end: HTMLElement, load: () => void, margin = 600): LoadOnScroll {
  let near = false;
  let canLoad = false;
  const observer =
    typeof IntersectionObserver === 'undefined'
      ? null
      : new IntersectionObserver(
          (entries) => {
            near = entries.some((entry) => entry.isIntersecting);
            if (near && canLoad) load();
          },
          { rootMargin: `0px 0px ${margin}px 0px` },
        );
  observer?.observe(end);

  const status = h('p', { class: 'visually-hidden list-loaded', 'aria-live': 'polite' });
  const skipLink = h(
    'a',
    { href: '#', class: 'skip-link' },
    'Skip to the end of the list',
  ) as HTMLAnchorElement;
  skipLink.addEventListener('click', (event) => {
    event.preventDefault();
    const target = end.querySelector<HTMLElement>('button') ?? end;
    if (target === end) end.setAttribute('tabindex', '-1');
    target.focus();
  });

  return {
    status,
    skipLink,
    check(allowed) {
      canLoad = allowed;
      // After the render that called us, not inside it: loading changes the state being rendered.
      if (near && canLoad) queueMicrotask(() => canLoad && load());
    },
    announce(shown, more) {
      status.textContent = `Showing ${shown} todos${more ? '; more load as you scroll' : ''}.`;
    },
    destroy() {
      observer?.disconnect();
    },
  };
}
