/**
 * Saves a Blob the API answered with, under `name`: for a CSV fetched with the Backstage token, such as
 * the coverage export (one row per account, region and source, small enough to hold). A run's result,
 * which may be millions of rows, is not fetched like this: its link carries the user cookie the backend
 * accepts on that path, and the browser streams it to disk (`getRunResultsDownloadUrl`).
 */
export function downloadBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}
