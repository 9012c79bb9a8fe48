// A minimal static server for dist/, on 127.0.0.1 and a free port, for the browser tests.
// With APP_URL set (e.g. https://127.0.0.1:8443/zhengce/calculator/, the release
// behind nginx: tests/deploy/nginx.sh), the app is already served there.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png' };
const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist');

export function serve(root) {
  if (process.env.APP_URL && path.resolve(root) === DIST) {
    const url = process.env.APP_URL.endsWith('/') ? process.env.APP_URL : process.env.APP_URL + '/';
    return Promise.resolve({ server: { close() {} }, url });
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404).end('not found'); return; }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` })));
}
