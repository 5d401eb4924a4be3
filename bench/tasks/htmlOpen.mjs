// Opens one html file in headless Chromium and reports (JSON, last line of stdout) the seconds from
// `page.goto(file://…)` to its `load` event: the median of 3 opens, each in a new tab.
//   node bench/tasks/htmlOpen.mjs CHROMIUM FILE
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { median } from '../lib.mjs';

const [executablePath, file] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath });
const runs = [];
try {
  for (let i = 0; i < 3; i++) {
    const page = await browser.newPage();
    const started = performance.now();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    runs.push((performance.now() - started) / 1000);
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ seconds: median(runs), maxRssKiB: null, runs }));
