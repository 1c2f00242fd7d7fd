// server-knowledge.test.mjs: the page keeps no copy of what the server
// knows. Indicator names and levels come from GET /api/framework, the zoom
// bands of the layer from GET /api/config, and a municipality in a link is
// recognised by the loaded list (any case), not by the form of its code.
// Each test changes an API answer with page.route and checks that the page
// follows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, waitForMap, waitForColoured, zoomInByKeyboard, assertNoProblems } from './harness.mjs';

const ctx = setup();

/** rewrite routes url's JSON answer through change(json). */
function rewrite(pathname, change) {
  return (page) => page.route((u) => u.pathname === pathname, async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    change(json);
    await route.fulfill({ response: res, json });
  });
}

test('indicator names and levels on the page come from /api/framework', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/`, {
    beforeLoad: rewrite('/api/framework', (fw) => {
      const work = fw.indicators.find((i) => i.id === 'domain.work');
      work.label.nl = 'Werk en inkomen (uit het kader)';
      const stage = fw.indicators.find((i) => i.id === 'stage');
      stage.levels.find((l) => l.value === 4).label.nl = 'LIA vastgesteld (uit het kader)';
    }),
  });
  await waitForColoured(page);
  // The stage legend (the default metric) lists the framework's levels.
  const legend = await page.locator('#legend li[data-class]').allTextContents();
  assert.ok(legend.some((l) => l.startsWith('4 LIA vastgesteld (uit het kader)')), `legend: ${JSON.stringify(legend)}`);
  // The metric menu and the legend name the domain as the framework does.
  assert.ok((await page.locator('#metric option').allTextContents()).includes('Werk en inkomen (uit het kader)'));
  await page.getByLabel('Kleur de kaart naar').selectOption('domain.work');
  await page.waitForFunction(() => document.getElementById('legend-heading').textContent.includes('Leefdomein: Werk en inkomen (uit het kader)'));
  assertNoProblems(page);
});

test('the layer is asked with the zoom of the band from /api/config', async () => {
  const requests = [];
  const page = await openPage(ctx.browser, `${ctx.server.url}/`, {
    beforeLoad: async (p) => {
      p.on('request', (r) => {
        const u = new URL(r.url());
        if (u.pathname === '/api/municipalities.geojson' && !u.searchParams.has('bbox')) requests.push(Number(u.searchParams.get('zoom')));
      });
      // Bands unlike the server's: 8-11 is one band, asked at zoom 8.
      await rewrite('/api/config', (config) => {
        config.zoom_bands = [
          { band: 0, min_zoom: 0, max_zoom: 7, zoom: 7 },
          { band: 1, min_zoom: 8, max_zoom: 11, zoom: 8 },
          { band: 2, min_zoom: 12, max_zoom: 22, zoom: 12 },
        ];
      })(p);
    },
  });
  await waitForMap(page);
  assert.deepEqual(requests, [7], 'the opening shapes are asked once, and reused after the config arrived');
  await zoomInByKeyboard(page, 10, '1');
  assert.deepEqual(requests, [7, 8], `zoom 10 lies in the band 8-11, asked at zoom 8; requests: ${JSON.stringify(requests)}`);
  assertNoProblems(page);
});

test('a code in a link is taken in any case when it names a loaded municipality, and ignored otherwise', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/?sel=gm0344&compare=gm0363,XX0001,GM0344`);
  await waitForColoured(page);
  await page.locator('#detail-name', { hasText: 'Utrecht' }).waitFor();
  assert.equal(await page.getAttribute('#map', 'data-selected'), 'GM0344');
  assert.equal(await page.textContent('#compare-count'), '2', 'the unknown code is left out of the comparison');

  const other = await openPage(ctx.browser, `${ctx.server.url}/?sel=XX0344`);
  await waitForColoured(other);
  assert.equal(await other.locator('#detail').isHidden(), true, 'an unknown code opens nothing');
  assert.ok(!other.url().includes('sel='), other.url());

  const sh = await openPage(ctx.browser, `${ctx.server.url}/stakeholders?code=gm0363`);
  await sh.locator('#sh-summary', { hasText: 'Amsterdam' }).waitFor();
  assert.equal(await sh.locator('#sh-municipality').inputValue(), 'GM0363');
  assert.ok(sh.url().endsWith('/stakeholders?code=GM0363'), sh.url());
  // A code merged away is the server's to resolve: Weesp (GM0457) shows Amsterdam.
  const merged = await openPage(ctx.browser, `${ctx.server.url}/stakeholders?code=GM0457`);
  await merged.locator('#sh-summary', { hasText: 'Amsterdam' }).waitFor();
  assert.ok(merged.url().endsWith('/stakeholders?code=GM0363'), merged.url());
  const junk = await openPage(ctx.browser, `${ctx.server.url}/stakeholders?code=XX0001`);
  await junk.locator('#sh-summary').waitFor();
  assert.equal(await junk.locator('#sh-municipality').inputValue(), '', 'a code that is not one gives the general map');
  for (const p of [page, other, sh, merged]) assertNoProblems(p);
});
