import { afterEach, describe, expect, it } from 'vitest';
import { click, getByLabel, getByRole, settle } from '../testing/dom-helpers';
import { type FakeApi, makeTodo } from '../testing/fake-backend';
import { bytes, multipartApi, pickFiles } from '../testing/pick-files';
import { renderApp } from '../testing/render-app';

const todo = makeTodo(1, { title: 'Plan trip' });
const open = (api: FakeApi) => renderApp({ api, path: '/todos/T000001' });
/** Progress is drawn ~10 times a second. */
const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 120));
const meta = (name: string) =>
  [...document.querySelectorAll('.upload')]
    .find((row) => row.querySelector('.file-name')?.textContent === name)
    ?.querySelector('.file-meta')?.textContent;

afterEach(() => localStorage.clear());

describe('upload controls and keyboard focus', () => {
  it('Pause leaves focus on Resume, and Resume on Pause', async () => {
    const api = multipartApi([todo]);
    await open(api);
    pickFiles([bytes('big.bin', 40)]);
    await settle();
    click(getByRole('button', 'Pause upload of big.bin'));
    await settle();
    expect(document.activeElement).toBe(getByRole('button', 'Resume upload of big.bin'));

    click(getByRole('button', 'Resume upload of big.bin'));
    await settle();
    expect(document.activeElement).toBe(getByRole('button', 'Pause upload of big.bin'));
  });

  it('Cancel moves focus to the next upload’s first control, and after the last one to the file picker', async () => {
    const api = multipartApi([todo]);
    await open(api);
    pickFiles([bytes('one.bin', 40), bytes('two.bin', 40), bytes('three.bin', 40)]);
    await settle();
    click(getByRole('button', 'Cancel upload of two.bin'));
    await settle();
    expect(document.activeElement).toBe(getByRole('button', 'Pause upload of three.bin'));

    click(getByRole('button', 'Cancel upload of three.bin'));
    await settle();
    expect(document.activeElement).toBe(getByRole('button', 'Pause upload of one.bin'));

    // A paused upload is cancelled at once (nothing is moving).
    click(getByRole('button', 'Pause upload of one.bin'));
    await settle();
    click(getByRole('button', 'Cancel upload of one.bin'));
    await settle();
    expect(document.querySelector('.upload')).toBeNull();
    expect(document.activeElement).toBe(getByLabel('Attach files'));
  });

  it('a paused upload shows only the parts S3 holds, not the parts cut off (sent again on resume)', async () => {
    const api = multipartApi([todo]);
    await open(api);
    pickFiles([bytes('big.bin', 40)]);
    await settle();
    for (const u of api.uploads.splice(0, 2)) u.finish(); // parts 1 and 2: 16 of 40 bytes
    api.uploads[0]?.progress(4); // half of part 3
    await settle();
    await nextFrame();
    expect(meta('big.bin')).toBe('50% of 40 bytes');

    click(getByRole('button', 'Pause upload of big.bin'));
    await settle();
    await nextFrame();
    expect(meta('big.bin')).toBe('Paused at 40% of 40 bytes');
    expect(getByRole<HTMLProgressElement>('progressbar', 'Uploading big.bin').value).toBe(16);

    api.uploads.length = 0; // the aborted PUTs
    click(getByRole('button', 'Resume upload of big.bin'));
    await settle();
    await nextFrame();
    expect(meta('big.bin')).toBe('40% of 40 bytes');
  });
});
