// Opens every page of the built book in headless Chromium, served from
// 127.0.0.1 by a tiny static server that this script starts and stops.
//
//   node browser.mjs <built book folder> <screenshot folder>
//   node browser.mjs --self-test      # proves the check catches each kind of break
//
// Fails (exit 1) when a page
// - logs a console error or throws an uncaught exception,
// - asks for anything that is not on 127.0.0.1 (the request is blocked, never sent),
// - gets a failed request or an HTTP error status,
// - has an <img> that did not load,
// - shows unrendered math: `$`, `\frac` or another LaTeX command left in the
//   text outside code, or a KaTeX error element,
// - has a <math> element that takes no space on the page,
// - (a book page, with mdbook's menu bar) has no language switch link, or one
//   that does not lead to the same page in the other edition (ko/ added or
//   taken away), or whose target does not load.
// Writes a full-page screenshot of the introduction, every chapter page and the
// glossary to the screenshot folder, and those of the Korean edition (the ko/
// folder of the built book) to its ko/ subfolder.

import { createServer } from 'node:http';
import { readFileSync, writeFileSync, existsSync, statSync, mkdirSync, mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { join, resolve, extname, relative, sep } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';

const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain',
};

/** A static file server for `root` on 127.0.0.1, on a free port. */
async function serve(root) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    let file = resolve(root, '.' + path);
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

function htmlPages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return htmlPages(p);
    return extname(p) === '.html' ? [p] : [];
  });
}

// Screenshots: the pages of the book's table of contents (one per section),
// not the print view, the 404 page or mdbook's toc.html.
const screenshotOf = (page) => {
  const p = page.replace(/^ko\//, '');
  return p === 'index.html' || p === 'glossary.html' || p.startsWith('ch04/');
};

/** The same page in the other edition: ko/ added or taken away. */
const otherEdition = (page) => (page.startsWith('ko/') ? page.slice(3) : `ko/${page}`);

/** Opens every page under `root`; returns the problems found, one line each. */
async function checkSite(root, shots) {
  const pages = htmlPages(root)
    .map((p) => relative(root, p).split(sep).join('/'))
    .sort();
  const { server, origin } = await serve(root);
  const userDataDir = mkdtempSync(join(tmpdir(), 'dlfs-chromium-'));
  if (shots) mkdirSync(shots, { recursive: true });
  const problems = [];
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      viewport: { width: 1100, height: 900 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    let outside = [];
    // Nothing but the book's own server may be asked for anything.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin + '/') || url.startsWith('data:')) return route.continue();
      outside.push(`asked for ${url}, which is outside the book (blocked)`);
      return route.abort('blockedbyclient');
    });

    for (const page of pages) {
      const tab = await context.newPage();
      const here = [];
      outside = [];
      tab.on('console', (m) => {
        if (m.type() === 'error' && !/ERR_BLOCKED_BY_CLIENT/.test(m.text())) {
          here.push(`console error: ${m.text()}`);
        }
      });
      tab.on('pageerror', (e) => here.push(`uncaught exception: ${e.message}`));
      tab.on('requestfailed', (r) => {
        if (r.failure()?.errorText !== 'net::ERR_BLOCKED_BY_CLIENT') {
          here.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
        }
      });
      tab.on('response', (r) => {
        if (r.status() >= 400) here.push(`HTTP ${r.status()} for ${r.url()}`);
      });
      await tab.goto(`${origin}/${page}`, { waitUntil: 'load' });
      await tab.waitForLoadState('networkidle');

      const found = await tab.evaluate(async (expected) => {
        const out = [];
        // The language switch (css/lang-switch.js), on every page with mdbook's menu bar.
        if (document.querySelector('.right-buttons')) {
          const sw = document.querySelector('a.lang-switch');
          if (!sw) {
            out.push('no language switch link');
          } else if (new URL(sw.href).pathname !== expected) {
            out.push(`the language switch leads to ${new URL(sw.href).pathname}, not ${expected}`);
          } else {
            const r = await fetch(sw.href);
            await r.text();
            if (!r.ok) out.push(`the language switch's page ${expected} gives HTTP ${r.status}`);
          }
        }
        for (const img of document.images) {
          if (!img.complete || img.naturalWidth === 0) {
            out.push(`image did not load: ${img.getAttribute('src')}`);
          }
        }
        // The text a reader sees, outside code: rendered MathML keeps its TeX
        // source in <annotation>, which is not shown, so drop that too.
        const main = document.querySelector('main') ?? document.body;
        const copy = main.cloneNode(true);
        copy.querySelectorAll('pre, code, annotation, script, style').forEach((e) => e.remove());
        const text = copy.textContent;
        const latex = text.match(
          /\$|\\(frac|sum|partial|log|nabla|eta|delta|sigma|begin|end|left|right|lim|to|times|cdot|approx|ge|le|implies|qquad|quad|text|operatorname|leftarrow|pmatrix)\b/,
        );
        if (latex) {
          const at = latex.index;
          out.push(`unrendered math: "${text.slice(Math.max(0, at - 40), at + 40).replace(/\s+/g, ' ')}"`);
        }
        for (const e of document.querySelectorAll('.katex-error')) {
          out.push(`KaTeX error: ${e.getAttribute('title') ?? e.textContent}`);
        }
        const maths = [...document.querySelectorAll('math')];
        for (const m of maths) {
          const r = m.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) out.push(`a <math> element takes no space: ${m.textContent.slice(0, 40)}`);
        }
        return { out, maths: maths.length, images: document.images.length };
      }, '/' + otherEdition(page));
      here.push(...outside, ...found.out);

      if (shots && screenshotOf(page)) {
        const ko = page.startsWith('ko/');
        const name = page.replace(/^ko\//, '').replace(/\.html$/, '').replace(/\//g, '_') + '.png';
        const dir = ko ? join(shots, 'ko') : shots;
        mkdirSync(dir, { recursive: true });
        await tab.screenshot({ path: join(dir, name), fullPage: true });
      }
      console.log(
        `browser check: ${page.padEnd(21)} ${found.maths} formulas, ${found.images} images, ` +
          (here.length ? `${here.length} problem(s)` : 'ok'),
      );
      for (const p of here) problems.push(`${page}: ${p}`);
      await tab.close();
    }
  } finally {
    await context?.close();
    server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  return { problems, pages: pages.length };
}

/** A page with one of every break, and one good page: each break must be found. */
async function selfTest() {
  const dir = mkdtempSync(join(tmpdir(), 'dlfs-browser-selftest-'));
  try {
    writeFileSync(
      join(dir, 'good.html'),
      '<!DOCTYPE html><html><body><main><p>Rendered: <math><mi>x</mi></math>, and <code>$ \\frac</code> in code is fine.</p></main></body></html>',
    );
    writeFileSync(
      join(dir, 'bad.html'),
      `<!DOCTYPE html><html><body><main>
<p><img src="missing.png" alt="a figure that is not there"></p>
<p>$$ \\frac{1}{2 $$</p>
<p><img src="https://example.invalid/outside.png" alt="from outside"></p>
<script>console.error('broken script');</script>
</main></body></html>`,
    );
    // Book pages (with mdbook's menu bar): one with no language switch, one
    // whose switch leads to another page than its Korean twin.
    writeFileSync(join(dir, 'noswitch.html'), '<!DOCTYPE html><html><body><div class="right-buttons"></div><main><p>x</p></main></body></html>');
    writeFileSync(
      join(dir, 'wrongswitch.html'),
      '<!DOCTYPE html><html><body><div class="right-buttons"><a class="lang-switch" href="good.html">한국어</a></div><main><p>x</p></main></body></html>',
    );
    const { problems } = await checkSite(dir, null);
    const expect = [
      ['image did not load: missing.png', /^bad\.html: image did not load: missing\.png/],
      ['HTTP 404', /^bad\.html: HTTP 404 for .*missing\.png/],
      ['unrendered math', /^bad\.html: unrendered math: .*\\frac/],
      ['request outside the book', /^bad\.html: asked for https:\/\/example\.invalid\/outside\.png/],
      ['console error', /^bad\.html: console error: broken script/],
      ['no language switch', /^noswitch\.html: no language switch link/],
      ['a language switch to the wrong page', /^wrongswitch\.html: the language switch leads to \/good\.html, not \/ko\/wrongswitch\.html/],
    ];
    const missed = expect.filter(([, re]) => !problems.some((p) => re.test(p))).map(([n]) => n);
    const onGood = problems.filter((p) => p.startsWith('good.html'));
    if (missed.length || onGood.length) {
      console.error(`browser self-test: FAILED; not caught: ${JSON.stringify(missed)}; false alarms: ${JSON.stringify(onGood)}`);
      console.error(problems.join('\n'));
      return 1;
    }
    console.log(`browser self-test: ok, all ${expect.length} kinds of break caught, none on the good page`);
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--self-test') {
  process.exit(await selfTest());
}
const root = resolve(process.argv[2] ?? 'book');
const shots = resolve(process.argv[3] ?? 'screenshots');
if (!existsSync(join(root, 'index.html'))) {
  console.error(`browser check: ${root} has no index.html; run \`mdbook build book\` first`);
  process.exit(2);
}
const { problems, pages } = await checkSite(root, shots);
if (problems.length) {
  console.error(`browser check: ${problems.length} problem(s):`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(`browser check: ${pages} pages ok; screenshots in ${shots}`);
