// The language switch (English | 한국어): a link at the top right of every page
// to the same page in the other edition. The Korean edition is built into the
// ko/ folder of the English site (book/check/build.sh), so the other page is
// this page's path with ko/ added or taken away. No network, no storage.
(function () {
  const korean = document.documentElement.lang === 'ko';
  const root = new URL(path_to_root || './', document.baseURI).href;
  const here = location.href.split('#')[0].split('?')[0];
  let page = here.startsWith(root) ? here.slice(root.length) : '';
  if (page === '' || page.endsWith('/')) page += 'index.html';
  const link = document.createElement('a');
  link.className = 'lang-switch';
  link.href = path_to_root + (korean ? '../' : 'ko/') + page;
  link.hreflang = korean ? 'en' : 'ko';
  link.lang = korean ? 'en' : 'ko';
  link.textContent = korean ? 'English' : '한국어';
  link.title = korean ? 'This page in English' : '이 쪽을 한국어로';
  const buttons = document.querySelector('.right-buttons');
  if (buttons) buttons.prepend(link);
})();
