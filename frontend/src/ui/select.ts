import { h, uniqueId } from './dom';

/** A labelled native `<select>`. */
export function selectField<V extends string>(
  label: string,
  name: string,
  options: readonly { value: V; label: string }[],
) {
  const control = h('select', { id: uniqueId(name), name });
  for (const option of options) control.append(h('option', { value: option.value }, option.label));
  const wrapper = h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
  return { wrapper, control, value: () => control.value as V };
}
