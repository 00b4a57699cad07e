/** Hands a generated file to the browser's download manager; nothing leaves the machine. */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(
  filename: string,
  text: string,
  type = 'text/csv;charset=utf-8',
): void {
  // A BOM lets Excel open UTF-8 CSV with Chinese text correctly.
  const body = type.startsWith('text/csv') ? `\ufeff${text}` : text;
  downloadBlob(filename, new Blob([body], { type }));
}
