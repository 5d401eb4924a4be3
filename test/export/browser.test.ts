/**
 * The html export in a real browser: Debian's chromium, driven by playwright-core. The page is loaded
 * from a file: URL, as a person would open it, and must run nothing and request nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FOLDER_NAMES, writeHtmlPages } from '../../src/export/htmlPages.js';
import { HOSTILE_AUTHOR, HOSTILE_CHAT, HOSTILE_MEDIA, HOSTILE_TEXTS, hostileChat, msg, PNG, render, writerEnv } from './htmlKit.js';

const CHROMIUM = '/usr/bin/chromium';
let browser: Browser;
let dir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the browser test needs Debian's chromium at ${CHROMIUM}: run .ci/run, or apt-get install -y chromium`);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM });
  dir = mkdtempSync(join(tmpdir(), 'wa-archive-browser-'));
});
afterAll(async () => {
  await browser?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

interface Visit {
  page: Page;
  url: string;
  dialogs: string[];
  requests: string[];
  /** The requests the browser stopped, each with why ("csp": its Content-Security-Policy). */
  failed: string[];
}

/** Opens the page saved as `name`, recording every dialog (alert, confirm…) and every request. */
async function open(name: string, html: string): Promise<Visit> {
  const path = join(dir, name);
  writeFileSync(path, html);
  const page = await browser.newPage();
  const visit: Visit = { page, url: pathToFileURL(path).href, dialogs: [], requests: [], failed: [] };
  page.on('dialog', (dialog) => {
    visit.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => void visit.requests.push(request.url()));
  page.on('requestfailed', (request) => void visit.failed.push(`${request.url()} ${request.failure()?.errorText}`));
  await page.goto(visit.url, { waitUntil: 'load' });
  return visit;
}

describe('html export in headless Chromium', () => {
  test('hostile messages run no script, request nothing and show as text; a screenshot is saved', async () => {
    const { html } = await render([hostileChat()], { aa: PNG });
    const { page, url, dialogs, requests } = await open('hostile.html', html);

    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(requests.filter((r) => r !== url && !r.startsWith('data:'))).toEqual([]);
    expect(await page.locator('script, iframe, link, svg, b').count()).toBe(0);
    // The only links are the messages' own ids, within the page.
    const hrefs = await page.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.every((href) => /^#m\d+$/.test(href ?? ''))).toBe(true);
    const handlers = await page.evaluate(() =>
      [...document.querySelectorAll('*')].flatMap((e) => e.getAttributeNames().filter((n) => n.startsWith('on'))),
    );
    expect(handlers).toEqual([]);

    const shown = await page.locator('body').innerText();
    for (const text of [...HOSTILE_TEXTS, HOSTILE_AUTHOR, HOSTILE_CHAT, HOSTILE_MEDIA]) expect(shown).toContain(text);
    expect(await page.title()).toBe(`${HOSTILE_CHAT} · WhatsApp chat`);
    expect(await page.locator('figure img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    // The stylesheet applies, so its hash in the Content-Security-Policy is right.
    expect(await page.locator('h1').evaluate((h) => getComputedStyle(h).backgroundColor)).toBe('rgb(0, 128, 105)');

    const screenshot = join(dir, 'hostile.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    const png = readFileSync(screenshot);
    expect(png.length).toBeGreaterThan(1000);
    expect(png.subarray(0, 8)).toEqual(PNG.subarray(0, 8));
    await page.close();
  });

  test('the Content-Security-Policy stops even markup that escaping let through', async () => {
    const { html } = await render([{ json: [], name: 'Priya Shah', messages: [msg()] }]);
    const injected = `<script>window.__pwned = 1; alert('script')</script><img src="x" onerror="window.__pwned = 2">
<img src="http://127.0.0.1:9/track.png"><link rel="stylesheet" href="http://127.0.0.1:9/x.css"><style>body { color: rgb(255, 0, 0) }</style>`;
    const { page, url, dialogs, requests, failed } = await open('injected.html', html.replace('<main>', `<main>${injected}`));
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    // Chromium reports each load the policy blocks as a request that failed ("csp") before it left.
    const others = requests.filter((r) => r !== url);
    expect(others.sort()).toEqual(['http://127.0.0.1:9/track.png', 'http://127.0.0.1:9/x.css', new URL('x', url).href].sort());
    expect(failed.sort()).toEqual(others.map((r) => `${r} csp`).sort());
    expect(await page.locator('body').evaluate((b) => getComputedStyle(b).color)).not.toBe('rgb(255, 0, 0)');
    await page.close();

    // The same page without the policy does run the injected script: the checks above can fail.
    const unguarded = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '').replace('<main>', '<main><script>window.__pwned = 1</script>');
    const control = await open('unguarded.html', unguarded);
    expect(await control.page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBe(1);
    await control.page.close();
  });

  test('printing drops backgrounds and keeps bubbles whole', async () => {
    const { html } = await render([{ json: [], name: 'Priya Shah', messages: [msg(), msg({ author: 'Tom Becker' })] }]);
    const { page } = await open('print.html', html);
    await page.emulateMedia({ media: 'print' });
    const styles = await page.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      return {
        body: style('body').backgroundColor,
        bubble: style('.msg.right').backgroundColor,
        breakInside: style('.msg').breakInside,
        dayBreakAfter: style('h2.day').breakAfter,
      };
    });
    expect(styles).toEqual({ body: 'rgba(0, 0, 0, 0)', bubble: 'rgba(0, 0, 0, 0)', breakInside: 'avoid', dayBreakAfter: 'avoid' });
    const pdf = await page.pdf();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });

  test('a paged export: the index links to a page, whose next link opens the next page; nothing else is requested', async () => {
    const folder = join(dir, 'paged');
    mkdirSync(folder);
    const messages = [1, 2, 3, 4, 5].map((id) => msg({ id, text: `text ${id}`, author: id % 2 === 0 ? 'Tom Becker' : 'Priya Shah' }));
    const edge = (id: number) => ({ id, local: messages[id - 1]!.local });
    const pages = [[1, 2], [3, 4], [5, 5]].map(([a, b]) => ({ messages: b! - a! + 1, first: edge(a!), last: edge(b!) }));
    await writeHtmlPages([{ json: [], name: 'Priya Shah', messages, pages }], async (name, fill) => {
      const chunks: string[] = [];
      await fill({ write: (c) => void chunks.push(String(c)) });
      writeFileSync(join(folder, name), chunks.join(''));
    }, writerEnv(), FOLDER_NAMES);
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (request) => void requests.push(request.url()));
    await page.goto(pathToFileURL(join(folder, 'index.html')).href, { waitUntil: 'load' });
    expect(await page.locator('dl.records').innerText()).toContain('Priya Shah');
    await Promise.all([page.waitForURL(/page-001\.html$/), page.getByRole('link', { name: 'Page 1' }).click()]);
    expect(await page.locator('[id^=m]').evaluateAll((els) => els.map((e) => e.id))).toEqual(['m1', 'm2']);
    await Promise.all([page.waitForURL(/page-002\.html$/), page.locator('nav.pages').first().getByRole('link', { name: 'Next page' }).click()]);
    expect(await page.locator('[id^=m]').evaluateAll((els) => els.map((e) => e.id))).toEqual(['m3', 'm4']);
    expect(await page.locator('.msg.right .text').innerText()).toBe('text 4'); // Tom keeps his side on every page
    await Promise.all([page.waitForURL(/index\.html$/), page.locator('nav.pages').first().getByRole('link', { name: 'Index' }).click()]);
    expect(requests.map((r) => r.replace(/^.*\//, ''))).toEqual(['index.html', 'page-001.html', 'page-002.html', 'index.html']);
    expect(await page.locator('h1').evaluate((h) => getComputedStyle(h).backgroundColor)).toBe('rgb(0, 128, 105)');
    await page.close();
  });
});
