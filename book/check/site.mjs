// Static checks of the built book (no browser): nothing is loaded from outside
// the book, and every relative link, image and fragment resolves.
//
//   node site.mjs <built book folder>
//   node site.mjs --self-test     # proves the check catches each kind of break
//
// Fails (exit 1) on:
// - any src= or href= attribute with an external URL (http:, https:, //host, ...):
//   the book must work with no network, so it loads and links nothing outside;
// - any url(...) or @import in a stylesheet that points outside the book;
// - any relative src/href whose file is missing from the built book;
// - any #fragment that names no id in its target page;
// - a page of one edition with no page at the same path in the other: the
//   Korean edition is the ko/ folder of the English one (book/check/build.sh),
//   and each page's language switch (css/lang-switch.js) links the two.

import { readFileSync, readdirSync, statSync, existsSync, writeFileSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { join, dirname, relative, resolve, extname } from 'node:path';
import { tmpdir } from 'node:os';

function checkSite(root) {
  function walk(dir) {
    return readdirSync(dir).flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
  }

  const files = walk(root);
  const idCache = new Map();
  function idsOf(file) {
    if (!idCache.has(file)) {
      const html = readFileSync(file, 'utf8');
      const ids = new Set();
      for (const m of html.matchAll(/\sid="([^"]*)"/g)) ids.add(decodeEntities(m[1]));
      idCache.set(file, ids);
    }
    return idCache.get(file);
  }

  function decodeEntities(s) {
    return s
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }

  const external = (u) => /^[a-z][a-z0-9+.-]*:/i.test(u) || u.startsWith('//');
  const problems = [];

  function checkRelative(from, url, what, page = from) {
    if (url === '' || url.startsWith('#') && url.length === 1) return;
    if (url.startsWith('javascript:')) {
      problems.push(`${relative(root, from)}: ${what} uses javascript: ${url}`);
      return;
    }
    if (external(url)) {
      problems.push(`${relative(root, page)}: ${what} points outside the book: ${url}`);
      return;
    }
    const [pathPart, frag] = url.split('#');
    const clean = decodeURIComponent(pathPart.split('?')[0]);
    let target = clean === '' ? page : resolve(dirname(from), clean);
    if (clean.startsWith('/')) target = join(root, clean);
    if (existsSync(target) && statSync(target).isDirectory()) target = join(target, 'index.html');
    if (!existsSync(target)) {
      problems.push(`${relative(root, page)}: ${what} ${url} does not exist in the built book`);
      return;
    }
    if (frag && extname(target) === '.html') {
      const id = decodeURIComponent(frag);
      if (!idsOf(target).has(id)) {
        problems.push(`${relative(root, page)}: ${what} ${url}: no id "${id}" in ${relative(root, target)}`);
      }
    }
  }

  let pages = 0;
  for (const file of files) {
    const ext = extname(file);
    if (ext === '.html') {
      pages += 1;
      const html = readFileSync(file, 'utf8');
      // The <base href> mdbook writes for 404.html is the site root: resolve against it.
      const base = /<base href="([^"]*)"/.exec(html);
      const from = base ? join(root, base[1].replace(/^\//, ''), 'x.html') : file;
      for (const m of html.matchAll(/\s(src|href)="([^"]*)"/g)) {
        const url = decodeEntities(m[2]);
        if (m[1] === 'href' && base && url === base[1]) continue;
        checkRelative(from, url, `${m[1]}=`, file);
      }
      for (const m of html.matchAll(/\ssrcset="([^"]*)"/g)) {
        for (const part of m[1].split(',')) checkRelative(from, part.trim().split(/\s+/)[0], 'srcset=');
      }
    } else if (ext === '.css') {
      const css = readFileSync(file, 'utf8');
      for (const m of css.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) {
        if (m[1].startsWith('data:')) continue;
        checkRelative(file, m[1], 'url()');
      }
      for (const m of css.matchAll(/@import\s+(?:url\()?['"]?([^'")\s;]+)/g)) {
        checkRelative(file, m[1], '@import');
      }
    }
  }

  // The two editions: the same pages at the same paths, when there is a ko/.
  const ko = join(root, 'ko');
  if (existsSync(join(ko, 'index.html'))) {
    const html = (dir, skip) =>
      walk(dir)
        .filter((f) => extname(f) === '.html' && !(skip && f.startsWith(skip + '/')))
        .map((f) => relative(dir, f))
        .sort();
    const en = html(root, ko);
    const kr = html(ko, null);
    for (const p of en) if (!kr.includes(p)) problems.push(`${p}: no Korean page ko/${p} (its language switch would lead nowhere)`);
    for (const p of kr) if (!en.includes(p)) problems.push(`ko/${p}: no English page ${p} (its language switch would lead nowhere)`);
  }

  return { problems, pages };
}

if (process.argv[2] === '--self-test') {
  const dir = mkdtempSync(join(tmpdir(), 'dlfs-site-selftest-'));
  let code = 0;
  try {
    writeFileSync(join(dir, 'index.html'), '<p id="here"><a href="#here">ok</a> <a href="other.html#nowhere">x</a> <img src="gone.png"> <script src="https://cdn.example.invalid/x.js"></script> <a href="//host.invalid/y">y</a></p>');
    writeFileSync(join(dir, 'other.html'), '<p id="there">other</p>');
    writeFileSync(join(dir, 'style.css'), 'body { background: url(https://cdn.example.invalid/bg.png) } @import "missing.css";');
    mkdirSync(join(dir, 'ko'));
    writeFileSync(join(dir, 'ko', 'index.html'), '<p>한국어</p>');
    writeFileSync(join(dir, 'ko', 'only-ko.html'), '<p>한국어</p>');
    const { problems } = checkSite(dir);
    const expect = [/other\.html#nowhere: no id "nowhere"/, /gone\.png does not exist/, /points outside the book: https:\/\/cdn/, /points outside the book: \/\/host/, /url\(\) points outside the book/, /@import missing\.css does not exist/, /^other\.html: no Korean page ko\/other\.html/, /^ko\/only-ko\.html: no English page/];
    const missed = expect.filter((re) => !problems.some((p) => re.test(p)));
    if (missed.length || problems.length !== expect.length) {
      console.error(`site self-test: FAILED; not caught: ${missed.join(', ')}; found:\n${problems.join('\n')}`);
      code = 1;
    } else {
      console.log(`site self-test: ok, all ${expect.length} kinds of break caught`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(code);
}

const root = resolve(process.argv[2] ?? 'book');
if (!existsSync(join(root, 'index.html'))) {
  console.error(`site check: ${root} has no index.html; run \`mdbook build book\` first`);
  process.exit(2);
}
const { problems, pages } = checkSite(root);
if (problems.length) {
  console.error(`site check: ${problems.length} problem(s) in ${pages} pages:`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(`site check: ${pages} pages${existsSync(join(root, 'ko', 'index.html')) ? ' (both editions, the same pages in each)' : ''}, every src/href/url() is inside the book and resolves`);
