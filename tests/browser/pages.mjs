// Loads deal's HTML reports in headless Chromium and checks what a person
// would: no console error, no request for anything but the page itself,
// every world's name on the page, a status cell that opens to show the
// clause that decides it, the page whole with JavaScript off, and a
// screenshot of each page for a person to look at.
//
//   node pages.mjs SPEC.json
// SPEC: {"chromium": PATH, "pages": [{"html", "png", "worlds": [names],
//        "cell": {"row", "col", "clauses": [names]} or null,
//        "nojs": bool}]}
// Prints "N passed, N failed" last; exits 1 on any failure.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let passed = 0, failed = 0;
function check(ok, what) {
  if (ok) passed++;
  else { failed++; console.log(`FAIL: ${what}`); }
}

const browser = await puppeteer.launch({
  executablePath: spec.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
         '--no-first-run', '--disable-extensions',
         '--disable-background-networking', '--disable-component-update'],
});

// A page that answers nothing but its own document: every other request
// is counted and refused.
async function open(p, js) {
  const page = await browser.newPage();
  const url = pathToFileURL(p.html).href;
  const errors = [], requests = [];
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));
  await page.setJavaScriptEnabled(js);
  await page.setRequestInterception(true);
  page.on('request', r => {
    if (r.url() === url) return r.continue();
    requests.push(r.url());
    return r.abort();
  });
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors, requests };
}

try {
  for (const p of spec.pages) {
    const name = p.html;
    const { page, errors, requests } = await open(p, true);
    const text = await page.evaluate(() => document.body.innerText);
    for (const w of p.worlds)
      check(text.includes(w), `${name}: the world '${w}' is not on the page`);
    if (p.cell) {
      const { row, col, clauses } = p.cell;
      const sel = `#matrix tbody tr:nth-child(${row + 1}) > :nth-child(${col + 2}) details`;
      // innerText is what is rendered: a closed <details> shows its summary
      const before = await page.$eval(sel, d => ({ open: d.open, text: d.innerText }));
      check(!before.open && !before.text.includes('Decides:'),
            `${name}: the explanation of ${sel} shows before it is opened`);
      await page.click(`${sel} > summary`);
      const after = await page.$eval(sel, d => ({ open: d.open, text: d.innerText }));
      check(after.open, `${name}: ${sel} does not open`);
      for (const c of clauses)
        check(after.text.includes(`Decides: ${c} `),
              `${name}: the explanation of ${sel} does not name its deciding clause ${c}: ${after.text.slice(0, 300)}`);
      // sorting by a column and filtering work and leave every row
      const rows = await page.$$eval('#matrix tbody tr', t => t.length);
      await page.click('#matrix thead th:first-child button');
      check(await page.$$eval('#matrix tbody tr', t => t.length) === rows,
            `${name}: sorting loses rows`);
      await page.type('.tools input', 'zzz-nothing-has-this');
      check(await page.$$eval('#matrix tbody tr:not([hidden])', t => t.length) === 0,
            `${name}: the filter hides nothing`);
    }
    await page.screenshot({ path: p.png, fullPage: true });
    check(errors.length === 0, `${name}: console errors: ${errors.join('; ')}`);
    check(requests.length === 0, `${name}: requests besides the page: ${requests.join(', ')}`);
    await page.close();
    if (p.nojs) {
      const o = await open(p, false);
      const t2 = await o.page.evaluate(() => document.body.innerText);
      for (const w of p.worlds)
        check(t2.includes(w), `${name} without JavaScript: the world '${w}' is not on the page`);
      if (p.cell) {
        const sel = `#matrix tbody tr:nth-child(${p.cell.row + 1}) > :nth-child(${p.cell.col + 2}) details`;
        await o.page.click(`${sel} > summary`);
        check(await o.page.$eval(sel, d => d.open), `${name} without JavaScript: ${sel} does not open`);
      }
      check(o.requests.length === 0, `${name} without JavaScript: requests: ${o.requests.join(', ')}`);
      await o.page.close();
    }
  }
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
