import { h } from '../ui/dom';

const hasFiles = (event: DragEvent) => [...(event.dataTransfer?.types ?? [])].includes('Files');

/**
 * Makes all of `root` a drop target for files, and the page a paste target for files and images
 * (a screenshot from the clipboard becomes an attachment). While files are dragged over, a
 * visible overlay says where they go, and the live region says it too. Returns the way to undo it.
 */
export function mountDropTarget(
  root: HTMLElement,
  onFiles: (files: File[]) => void,
  announce: (message: string) => void,
): () => void {
  const overlay = h(
    'div',
    { class: 'drop-overlay', hidden: true },
    h('p', {}, 'Drop files to attach them to this todo'),
  );
  root.append(overlay);
  let depth = 0;
  const show = (on: boolean) => {
    if (overlay.hidden === !on) return;
    overlay.hidden = !on;
    root.classList.toggle('is-dragging', on);
    if (on) announce('Drop the files to attach them to this todo.');
  };
  const onEnter = (event: DragEvent) => {
    if (!hasFiles(event)) return;
    depth++;
    show(true);
  };
  const onOver = (event: DragEvent) => {
    if (!hasFiles(event)) return;
    event.preventDefault(); // allows the drop
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    show(true);
  };
  const onLeave = (event: DragEvent) => {
    if (!hasFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) show(false);
  };
  const onDrop = (event: DragEvent) => {
    depth = 0;
    show(false);
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    onFiles(files);
  };
  const onPaste = (event: ClipboardEvent) => {
    if (!root.isConnected) return;
    const files = [...(event.clipboardData?.files ?? [])];
    // Pasted text goes where it was pasted; only files become attachments.
    if (files.length === 0) return;
    event.preventDefault();
    onFiles(files);
  };
  root.addEventListener('dragenter', onEnter);
  root.addEventListener('dragover', onOver);
  root.addEventListener('dragleave', onLeave);
  root.addEventListener('drop', onDrop);
  document.addEventListener('paste', onPaste);
  return () => {
    root.removeEventListener('dragenter', onEnter);
    root.removeEventListener('dragover', onOver);
    root.removeEventListener('dragleave', onLeave);
    root.removeEventListener('drop', onDrop);
    document.removeEventListener('paste', onPaste);
    overlay.remove();
  };
}
