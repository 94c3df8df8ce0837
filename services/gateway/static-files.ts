/**
 * Files of a built single-page app, looked up per request (a console built after the gateway
 * started is served at once): the path is confined to the directory, dotfiles are never served,
 * a client route (a path without a file extension) falls back to `index.html`. Hashed build assets
 * (`name-HASH.ext`, as Vite names them) are cached for a year; everything else is revalidated, so a
 * new build reaches browsers at the next load.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, posix, resolve, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** Vite's content hash: at least 8 base64url characters after the last `-` or `.` of the name. */
const HASHED = /[-.][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

export type Lookup =
  | { readonly kind: 'file'; readonly body: Buffer; readonly type: string; readonly cacheControl: string }
  | { readonly kind: 'not-built' }
  | { readonly kind: 'not-found' };

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The file `pathname` names in `dir`, the app's index.html for a client route, or why neither. */
export async function lookUp(dir: string, pathname: string): Promise<Lookup> {
  const root = resolve(dir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'not-found' };
  }
  const relative = posix.normalize(decoded).replace(/^\/+/, '');
  const segments = relative.split('/');
  if (decoded.includes('\0') || segments.some((s) => s.startsWith('.'))) return { kind: 'not-found' };
  const file = join(root, relative);
  if (file !== root && !file.startsWith(root + sep)) return { kind: 'not-found' };
  if (relative !== '' && (await isFile(file))) {
    const ext = extname(file).toLowerCase();
    const body = await readFile(file);
    const cacheControl = ext !== '.html' && HASHED.test(file) ? IMMUTABLE : REVALIDATE;
    return { kind: 'file', body, type: TYPES[ext] ?? 'application/octet-stream', cacheControl };
  }
  // A missing file (it has an extension) is a 404; anything else is a route of the app.
  if (extname(relative) !== '') return { kind: 'not-found' };
  const index = join(root, 'index.html');
  if (!(await isFile(index))) return { kind: 'not-built' };
  return { kind: 'file', body: await readFile(index), type: TYPES['.html'] as string, cacheControl: REVALIDATE };
}
