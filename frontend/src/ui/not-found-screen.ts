import { h } from './dom';
import type { Screen } from './screen';

export function notFoundScreen(): Screen {
  const heading = h('h1', { tabindex: -1 }, 'Page not found');
  return {
    root: h(
      'div',
      { class: 'auth-card' },
      heading,
      h('p', {}, 'There is nothing at this address. '),
      h('a', { href: '/' }, 'Go to your todos'),
    ),
    title: () => 'Page not found',
    update: () => undefined,
    focusTarget: () => heading,
  };
}
