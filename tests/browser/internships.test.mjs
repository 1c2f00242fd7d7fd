// internships.test.mjs: the inclusiestage (issue 13). A contributor for
// Zwolle publishes a place; a candidate finds it by province and domain,
// sees why it suits them, and responds; axe-core finds no violation at 1280
// and 320 px on the list, a search, a place, the response state, the
// publish form with its errors and the publisher's pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, createAccount, openPage, runAxe, formatViolations } from './harness.mjs';

const ctx = setup();
const WIDTHS = [1280, 320];

async function checkPage(page, what) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    const v = await runAxe(page);
    assert.equal(v.length, 0, `${what} at ${width}px:\n${formatViolations(v)}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${what} at ${width}px: ${overflow}px horizontal scroll`);
  }
}

function inDays(n) {
  const d = new Date(Date.now() + n * 86400_000);
  return d.toISOString().slice(0, 10);
}

test('publish an internship, then find it by province and domain and respond', async () => {
  const link = await createAccount(ctx.server, { name: 'stage.zwolle', role: 'contributor', organisation: 'gemeente Zwolle', position: 'HR-adviseur', codes: ['GM0193'] });
  const pub = await openPage(ctx.browser, link, { axe: true });
  await pub.getByLabel('Wachtzin', { exact: true }).fill('vier woorden achter elkaar');
  await pub.getByLabel('Wachtzin nog een keer').fill('vier woorden achter elkaar');
  await pub.getByRole('button', { name: 'Wachtzin opslaan en inloggen' }).click();
  await pub.waitForLoadState();

  await pub.goto(`${ctx.server.url}/inclusiestage/beheer/nieuw`);
  await checkPage(pub, 'publish form');
  // Errors first: nothing filled in but the municipality.
  await pub.getByRole('button', { name: 'Stageplaats opslaan' }).click();
  await pub.locator('.problems').waitFor();
  assert.ok(await pub.locator('.problems a[href="#f-department"]').count() === 1, 'the summary names the department');
  await checkPage(pub, 'publish form with errors');

  await pub.getByLabel('Afdeling').fill('Team Werk en Inkomen');
  await pub.getByLabel('Leefdomein').selectOption('domain.work');
  await pub.getByLabel('Uren per week').fill('16');
  await pub.getByLabel('drempelvrij').check();
  await pub.getByLabel('stilteruimte').check();
  await pub.getByLabel('Contactroute').fill('Reageer met het formulier op deze pagina; team HR neemt contact op.');
  await pub.getByLabel('Sluitingsdatum (JJJJ-MM-DD)').fill(inDays(30));
  await pub.getByRole('button', { name: 'Stageplaats opslaan' }).click();
  await pub.getByText('De stageplaats is opgeslagen.').waitFor();
  await checkPage(pub, 'publisher list');

  // A candidate searches by province and domain.
  const cand = await openPage(ctx.browser, `${ctx.server.url}/inclusiestage`, { axe: true });
  await checkPage(cand, 'internship list');
  await cand.getByLabel('Provincie').selectOption({ label: 'Overijssel' });
  await cand.getByLabel('Leefdomein').selectOption({ label: 'Werk' });
  await cand.getByLabel('Uw gemeente (voor afstand en suggesties)').selectOption({ label: 'Zwolle' });
  await cand.getByLabel('drempelvrij').check();
  await cand.getByRole('button', { name: 'Zoeken' }).click();
  const item = cand.getByRole('link', { name: 'Team Werk en Inkomen – Zwolle' });
  await item.waitFor();
  const places = cand.locator('#places');
  await places.getByText('in dezelfde provincie als Zwolle (Overijssel)').waitFor();
  await places.getByText('in het leefdomein dat u zocht: Werk').waitFor();
  await places.getByText('wat u nodig heeft is er: drempelvrij').waitFor();
  await checkPage(cand, 'search results');

  // Another domain does not find it.
  await cand.goto(`${ctx.server.url}/inclusiestage?provincie=PV23&domein=domain.housing`);
  assert.equal(await cand.getByRole('link', { name: 'Team Werk en Inkomen – Zwolle' }).count(), 0, 'found under another domain');
  await cand.goBack();

  await item.click();
  await cand.getByRole('heading', { name: 'Reageren' }).waitFor();
  await checkPage(cand, 'internship place');
  await cand.getByLabel('Uw naam').fill('Kandidaat Test');
  await cand.getByLabel('Uw e-mailadres').fill('kandidaat@example.nl');
  await cand.getByLabel('Wat heeft u nodig om mee te doen? (optioneel)').fill('Een rustige werkplek');
  await cand.getByLabel(/Ik ga akkoord/).check();
  await cand.getByRole('button', { name: 'Reactie versturen' }).click();
  await cand.locator('#delete-link').waitFor();
  await checkPage(cand, 'responded state');

  // The publisher reads the response.
  await pub.goto(`${ctx.server.url}/inclusiestage/beheer`);
  await pub.locator('#managed a[href$="/reacties"]').first().click();
  await pub.getByText('kandidaat@example.nl').waitFor();
  await checkPage(pub, 'responses page');

  // The candidate deletes it by the personal link.
  await cand.goto(await cand.locator('#delete-link').getAttribute('href'));
  await checkPage(cand, 'delete question');
  await cand.getByRole('button', { name: 'Ja, wis mijn reactie' }).click();
  await cand.getByText('Uw reactie is gewist.').waitFor();
  await checkPage(cand, 'deleted state');
  await pub.reload();
  assert.equal(await pub.getByText('kandidaat@example.nl').count(), 0, 'the deleted response is gone');
});
