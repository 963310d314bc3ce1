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
// - has math but did not load the book's own math font ("dlfs-math", from
//   fonts/ in the book), or draws it badly: a displayed fraction whose
//   numerator or denominator is smaller than the body text, a displayed Σ no
//   taller than the text, or matrix brackets that do not stretch to the matrix,
// - has a code or output block whose longest line is cut at the right edge
//   (wider than its box, so a reader would have to scroll to see its end).
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
        // The math font: the book's own face must have loaded and be the one
        // the math is drawn with.
        if (maths.length) {
          const faces = [...document.fonts].filter((f) => f.family.replace(/["']/g, '') === 'dlfs-math');
          if (!faces.some((f) => f.status === 'loaded')) {
            out.push("the math font did not load: no 'dlfs-math' face in the page (book/css/book.css and fonts/)");
          } else if (!getComputedStyle(maths[0]).fontFamily.includes('dlfs-math')) {
            out.push(`math is not drawn with the book's math font: font-family ${getComputedStyle(maths[0]).fontFamily}`);
          }
        }
        const bodySize = parseFloat(getComputedStyle(main.querySelector('p') ?? main).fontSize);
        const size = (e) => parseFloat(getComputedStyle(e).fontSize);
        const height = (e) => e.getBoundingClientRect().height;
        const tex = (e) => e.closest('math')?.querySelector('annotation')?.textContent.trim().slice(0, 50) ?? '';
        let fracs = 0, sums = 0, fences = 0;
        for (const f of document.querySelectorAll('math[display="block"] mfrac')) {
          // Only fractions in display style (not those in a matrix cell or a script).
          if (getComputedStyle(f).mathStyle !== 'normal') continue;
          fracs++;
          for (const part of [f.children[0], f.children[1]]) {
            if (part && size(part) < bodySize * 0.95) {
              out.push(`a displayed fraction is drawn small: ${size(part)} px against body ${bodySize} px in "${tex(f)}"`);
            }
          }
        }
        for (const mo of document.querySelectorAll('math[display="block"] mo')) {
          if (mo.textContent.trim() !== '∑' || getComputedStyle(mo).mathStyle !== 'normal') continue;
          sums++;
          if (height(mo) < bodySize * 1.6) {
            out.push(`a displayed Σ is not enlarged: ${height(mo).toFixed(1)} px tall, body text ${bodySize} px, in "${tex(mo)}"`);
          }
        }
        for (const t of document.querySelectorAll('math mtable')) {
          const open = t.previousElementSibling, close = t.nextElementSibling;
          for (const mo of [open, close]) {
            if (!mo || mo.localName !== 'mo' || !/^[()[\]{}|]$/.test(mo.textContent.trim())) continue;
            fences++;
            // As tall as the matrix, not much taller (a bracket built from
            // pieces of an ordinary font overshoots).
            const ratio = height(mo) / height(t);
            if (ratio < 0.9 || ratio > 1.25) {
              out.push(`matrix brackets do not stretch to the matrix: "${mo.textContent.trim()}" ${height(mo).toFixed(1)} px beside a ${height(t).toFixed(1)} px matrix in "${tex(t)}"`);
            }
          }
        }
        // Code and output blocks: nothing may be cut at the right edge.
        let blocks = 0;
        for (const pre of main.querySelectorAll('pre')) {
          blocks++;
          for (const box of [pre, pre.querySelector(':scope > code')]) {
            if (box && box.scrollWidth > box.clientWidth + 1) {
              const longest = box.textContent.split('\n').reduce((a, b) => (b.length > a.length ? b : a), '');
              out.push(`a line is cut at the right edge (${box.scrollWidth} px in a ${box.clientWidth} px box): "${longest.slice(0, 70)}…"`);
              break;
            }
          }
        }
        return { out, maths: maths.length, images: document.images.length, fracs, sums, fences, blocks };
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
        `browser check: ${page.padEnd(21)} ${found.maths} formulas (${found.fracs} displayed fractions, ` +
          `${found.sums} Σ, ${found.fences} matrix brackets measured), ${found.images} images, ${found.blocks} code blocks, ` +
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
      '<!DOCTYPE html><html><head><link rel="stylesheet" href="css/book.css"></head><body><main><p>Rendered: <math><mi>x</mi></math>, and <code>$ \\frac</code> in code is fine.</p></main></body></html>',
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
    // Math with the book's own stylesheet and font: it must pass...
    const here = new URL('.', import.meta.url).pathname;
    mkdirSync(join(dir, 'css'));
    mkdirSync(join(dir, 'fonts'));
    writeFileSync(join(dir, 'css', 'book.css'), readFileSync(join(here, '..', 'css', 'book.css')));
    writeFileSync(
      join(dir, 'fonts', 'DejaVuMathTeXGyre.ttf'),
      readFileSync(join(here, '..', 'src', 'fonts', 'DejaVuMathTeXGyre.ttf')),
    );
    const math = `<p>A fraction, a sum and a matrix:</p>
<math display="block"><mfrac><mi>a</mi><mi>b</mi></mfrac><mo>=</mo><munderover><mo>∑</mo><mi>k</mi><mi>n</mi></munderover><msub><mi>x</mi><mi>k</mi></msub>
<mo>,</mo><mrow><mo fence="true">(</mo><mtable><mtr><mtd><mn>1</mn></mtd><mtd><mn>2</mn></mtd></mtr><mtr><mtd><mn>3</mn></mtd><mtd><mn>4</mn></mtd></mtr></mtable><mo fence="true">)</mo></mrow></math>
<pre><code class="language-rust">fn short() {}</code></pre>`;
    writeFileSync(
      join(dir, 'good-math.html'),
      `<!DOCTYPE html><html><head><link rel="stylesheet" href="css/book.css"></head><body><main>${math}</main></body></html>`,
    );
    // ...and without them (math drawn with an ordinary font, as on a machine
    // with no math font), and with a line too long for its box, it must fail.
    writeFileSync(
      join(dir, 'bad-math.html'),
      `<!DOCTYPE html><html><head><style>math { font-family: "Liberation Sans", sans-serif; } main { width: 600px; }</style></head><body><main>${math}
<pre><code>${'a line of output far too long for the column '.repeat(4)}-> f6</code></pre></main></body></html>`,
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
      ['math font not loaded', /^bad-math\.html: the math font did not load/],
      ['Σ not enlarged', /^bad-math\.html: a displayed Σ is not enlarged/],
      ['matrix brackets not stretched', /^bad-math\.html: matrix brackets do not stretch to the matrix/],
      ['a cut line', /^bad-math\.html: a line is cut at the right edge/],
    ];
    const missed = expect.filter(([, re]) => !problems.some((p) => re.test(p))).map(([n]) => n);
    const onGood = problems.filter((p) => p.startsWith('good.html') || p.startsWith('good-math.html'));
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
