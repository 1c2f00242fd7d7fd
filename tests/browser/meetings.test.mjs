// meetings.test.mjs: meetings by keyboard (issue 13). A coordinator creates
// a meeting with one place; a person signs up by keyboard only; the next
// one sees that it is full and lands on the waiting list; the first cancels
// by the personal link and the second gets the place; on the map the
// meeting's marker is reached with Tab and announced. axe-core finds no
// violation in each state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, createAccount, openPage, waitForMap, runAxe, formatViolations } from './harness.mjs';

const ctx = setup();
const TITLE = 'Regiobijeenkomst Overijssel (test)';
let meetingPath;

async function noViolations(page, what) {
  const v = await runAxe(page);
  assert.equal(v.length, 0, `${what}:\n${formatViolations(v)}`);
}

function nextYear() {
  return `${new Date().getFullYear() + 1}-10-26`;
}

test('a coordinator creates a meeting with one place', async () => {
  const link = await createAccount(ctx.server, { name: 'coord.meetings', role: 'coordinator', organisation: 'Netwerk Inclusieve Gemeenten' });
  const page = await openPage(ctx.browser, link, { axe: true });
  await page.getByLabel('Wachtzin', { exact: true }).fill('vier woorden achter elkaar');
  await page.getByLabel('Wachtzin nog een keer').fill('vier woorden achter elkaar');
  await page.getByRole('button', { name: 'Wachtzin opslaan en inloggen' }).click();
  await page.waitForLoadState();
  await page.goto(`${ctx.server.url}/beheer/bijeenkomsten`);
  await page.getByLabel('Titel').fill(TITLE);
  await page.getByLabel('Regionaal').check();
  await page.getByLabel('Datum (JJJJ-MM-DD)').fill(nextYear());
  await page.getByLabel('Begintijd (UU:MM, optioneel)').fill('19:00');
  await page.getByLabel('Adres').fill('Stadhuis, Grote Kerkplein 15, Zwolle');
  await page.getByLabel('Breedtegraad (optioneel, voor de kaart)').fill('52.5125');
  await page.getByLabel('Lengtegraad (optioneel, voor de kaart)').fill('6.0944');
  await page.getByLabel('Provincie (optioneel)').selectOption({ label: 'Overijssel' });
  await page.getByLabel('Aantal plaatsen').fill('1');
  await page.getByRole('button', { name: 'Bijeenkomst opslaan' }).click();
  await page.waitForURL(/\/beheer\/bijeenkomsten\/\d+/);
  meetingPath = `/bijeenkomsten/${page.url().match(/bijeenkomsten\/(\d+)/)[1]}`;
  await page.context().close();
});

/** signUpByKeyboard fills the sign-up form with the keyboard only. */
async function signUpByKeyboard(page, name, email) {
  await page.getByLabel('Uw naam').focus();
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab'); // municipality: left empty
  await page.keyboard.press('Tab');
  await page.keyboard.type('Tolk gebarentaal');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space'); // consent
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
}

test('sign up by keyboard, the waiting list when full, cancel by the personal link', async () => {
  assert.ok(meetingPath, 'the meeting was created');
  const first = await openPage(ctx.browser, `${ctx.server.url}${meetingPath}`, { axe: true });
  await noViolations(first, 'meeting page');
  await signUpByKeyboard(first, 'Eerste Deelnemer', 'eerste@example.nl');
  await first.getByText('U bent aangemeld.').waitFor();
  const cancelLink = await first.locator('#cancel-link').getAttribute('href');
  await noViolations(first, 'signed-up state');

  const second = await openPage(ctx.browser, `${ctx.server.url}${meetingPath}`, { axe: true });
  await second.getByText('Vol: u komt op de wachtlijst').waitFor();
  await noViolations(second, 'full meeting');
  await signUpByKeyboard(second, 'Tweede Deelnemer', 'tweede@example.nl');
  await second.getByText('De bijeenkomst is vol. U staat op de wachtlijst.').waitFor();
  const secondLink = await second.locator('#cancel-link').getAttribute('href');
  await noViolations(second, 'waiting-list state');

  await first.goto(cancelLink);
  await first.getByText('Uw aanmelding: aangemeld').waitFor();
  await noViolations(first, 'cancel question');
  await first.getByRole('button', { name: 'Ja, meld mij af' }).focus();
  await first.keyboard.press('Enter');
  await first.getByText('U bent afgemeld. Uw gegevens zijn gewist.').waitFor();
  await noViolations(first, 'cancelled state');
  const again = await first.goto(cancelLink);
  assert.equal(again.status(), 404, 'the used link no longer works');

  // The freed place goes to the waiting list.
  await second.goto(secondLink);
  await second.getByText('Uw aanmelding: aangemeld').waitFor();
});

test('the meeting marker on the map is reached with Tab and announced', async () => {
  assert.ok(meetingPath, 'the meeting was created');
  const page = await openPage(ctx.browser, `${ctx.server.url}/`, { axe: true });
  await waitForMap(page);
  await page.locator('#meetings-toggle').focus();
  await page.keyboard.press('Enter');
  await page.locator('.meeting-marker').first().waitFor();
  await page.waitForFunction(() => /bijeenkomsten staan op de kaart/.test(document.getElementById('announcer').textContent));
  assert.equal(await page.locator('#meetings-toggle').getAttribute('aria-pressed'), 'true');
  let reached = false;
  for (let i = 0; i < 400 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.classList.contains('meeting-marker'));
  }
  assert.ok(reached, 'Tab reaches the meeting marker');
  const label = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
  assert.match(label, new RegExp(`Bijeenkomst: ${TITLE.replace(/[()]/g, '\\$&')}`));
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'button');
  await page.waitForFunction((t) => document.getElementById('announcer').textContent.includes(t), TITLE);
  await page.keyboard.press('Enter');
  const popupLink = page.locator('.leaflet-popup a', { hasText: 'Meer over deze bijeenkomst' });
  await popupLink.waitFor();
  assert.equal(await popupLink.getAttribute('href').then((h) => h.endsWith(meetingPath)), true, 'the popup links the meeting');
  await noViolations(page, 'map with meeting markers');
});
