// elections.test.mjs: the party-programme text (/verkiezingen) passes axe at
// 320 and 1280 px without horizontal scroll, nationally and per
// municipality; a municipality's text prints on at most two A4 pages with its
// data date and open steps and without controls (navigation, language
// switch, download link, form).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, runAxe, formatViolations } from './harness.mjs';

const ctx = setup({ demo: true });

function pageCount(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

for (const p of ['/verkiezingen', '/verkiezingen?lang=en', '/verkiezingen/GM0193', '/verkiezingen/GM0363?lang=en']) {
  test(`${p} reads well at 320 and 1280 px`, async () => {
    for (const width of [320, 1280]) {
      const page = await openPage(ctx.browser, `${ctx.server.url}${p}`, { width, axe: true });
      const v = await runAxe(page);
      assert.equal(v.length, 0, `${p} at ${width}px: ${formatViolations(v)}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${p} at ${width}px: ${overflow}px horizontal scroll`);
      await page.close();
    }
  });
}

for (const code of ['GM0193', 'GM0363']) {
  test(`the text for ${code} prints on at most two A4 pages without controls`, async () => {
    const page = await openPage(ctx.browser, `${ctx.server.url}/verkiezingen/${code}`, { width: 1280 });
    await page.locator('#open-steps').waitFor();
    await page.emulateMedia({ media: 'print' });
    for (const sel of ['nav', '.lang-switch', '.no-print', 'a[download]', '.skip-link', 'form']) {
      const n = await page.locator(sel).count();
      for (let i = 0; i < n; i++) assert.equal(await page.locator(sel).nth(i).isVisible(), false, `${sel} visible in print`);
    }
    assert.ok(await page.locator('#data-date').isVisible(), 'the data date prints');
    assert.ok(await page.locator('#open-steps').isVisible(), 'the open steps print');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const n = pageCount(pdf);
    assert.ok(n >= 1 && n <= 2, `${code}: ${n} A4 pages`);
    await page.close();
  });
}
