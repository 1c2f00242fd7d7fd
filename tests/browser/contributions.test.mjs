// contributions.test.mjs: data collection in the browser (issue 12). A
// coordinator invited on the command line sets a passphrase and invites a
// contributor for Zwolle; the contributor fills the questionnaire by keyboard
// only, saves a draft, submits; the coordinator approves and the map shows
// the new stage with basis "Zelfevaluatie" and the evidence link. Then the
// send-back and reject paths, bad input (draft intact, HTML inert), the
// public "klopt dit niet?" form, and axe-core with 0 violations on every page
// and state at 1280 px and 320 px (no horizontal scroll at 320 px).
//
// The tests share one server and run in order: each builds on the last.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { setup, createAccount, openPage, waitForColoured, runAxe, formatViolations, assertNoProblems } from './harness.mjs';

const ctx = setup();

const CODE = 'GM0193'; // Zwolle
const COORD = { name: 'coordinator-netwerk', role: 'coordinator', organisation: 'Netwerk Inclusieve Gemeenten', position: 'coördinator' };
const COORD_PASS = 'paarse olifant danst op het dak';
const CONTRIB = { name: 'zwolle-beleid', organisation: 'gemeente Zwolle', position: 'beleidsmedewerker' };
const CONTRIB_PASS = 'zeven groene kikkers in de sloot';
const EVIDENCE = 'https://www.zwolle.nl/lokale-inclusieagenda-vastgesteld';
const NOTE = 'De raad stelde de agenda vast op 1 maart.';

// Every page and state of the flow axe-core must pass; the last test checks
// that each one was looked at.
const REQUIRED_STATES = [
  'login', 'login with error', 'invite', 'invite with errors', 'beheer', 'beheer with queue', 'accounts', 'accounts with errors',
  'accounts with invite link', 'contribute home', 'questionnaire', 'questionnaire draft saved', 'questionnaire with errors',
  'questionnaire sent back', 'contribute home sent back', 'review', 'review with errors', 'correction form',
  'correction with errors', 'correction thanks', 'beheer with correction', 'error page', 'map detail after approval',
];
const checked = new Set();

/**
 * checkA11y runs axe-core at 1280 px and at 320 px and checks for horizontal
 * scroll at 320 px (reflow: false skips that check, for the map page only).
 */
async function checkA11y(page, state, { reflow = true } = {}) {
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 800 });
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, `axe-core violations (${state}, ${width} px):\n${formatViolations(violations)}`);
    if (width === 320 && reflow) {
      const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      assert.ok(scroll <= client, `horizontal scroll at 320 px (${state}): content ${scroll} px wide in ${client} px`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  checked.add(state);
}

/** newPage opens a page in a fresh context (own cookies) with CSP bypassed for axe. */
async function newPage() {
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', reducedMotion: 'reduce', bypassCSP: true });
  const page = await context.newPage();
  page.dialogs = [];
  page.on('dialog', (d) => { page.dialogs.push(d.message()); d.dismiss(); });
  return page;
}

/** tabTo presses Tab until the focused element matches selector. */
async function tabTo(page, selector, max = 400) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`no focus on ${selector} after ${max} Tab presses`);
}

/** checkedValue returns the value of the checked radio button named name. */
function checkedValue(page, name) {
  return page.evaluate((n) => document.querySelector(`input[type=radio][name="${n}"]:checked`)?.value ?? null, name);
}

/** acceptInvite sets the passphrase on an invitation page. */
async function acceptInvite(page, link, passphrase) {
  await page.goto(link);
  await page.getByLabel('Wachtzin', { exact: true }).fill(passphrase);
  await page.getByLabel('Wachtzin nog een keer').fill(passphrase);
  await page.getByRole('button', { name: 'Wachtzin opslaan en inloggen' }).click();
  await page.waitForLoadState();
}

/** submitAnswers fills the stage question with the mouse and submits (for the paths after the keyboard test). */
async function submitAnswers(page, { stage, note }) {
  await page.goto(`${ctx.server.url}/bijdragen/${CODE}`);
  await page.locator(`#f-stage-value-${stage}`).check();
  await page.locator('#f-stage-note').fill(note);
  await page.getByRole('button', { name: 'Indienen voor beoordeling' }).click();
  await page.locator('.notice', { hasText: 'Uw antwoorden zijn ingediend' }).waitFor();
}

async function queueCount(page) {
  await page.goto(`${ctx.server.url}/beheer`);
  return Number(await page.locator('#queue-count').textContent());
}

async function publicDetail() {
  return (await fetch(`${ctx.server.url}/api/municipalities/${CODE}`)).json();
}

let coord; // the coordinator's page (signed in)
let contrib; // the contributor's page (signed in)
let contributorInvite;

after(async () => {
  await coord?.context().close();
  await contrib?.context().close();
});

test('sign-in page: axe-core passes, a wrong passphrase is named in the error summary', async () => {
  const page = await newPage();
  await page.goto(`${ctx.server.url}/inloggen`);
  await checkA11y(page, 'login');
  await page.getByLabel('Accountnaam').fill('niemand');
  await page.getByLabel('Wachtzin').fill('dit is niet goed genoeg');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal(await alert.locator('a[href="#f-passphrase"]').count(), 1, 'the summary links to the passphrase field');
  assert.equal(await page.locator('#f-passphrase').getAttribute('aria-invalid'), 'true');
  await checkA11y(page, 'login with error');
  await page.context().close();
});

test('coordinator invited on the command line sets a passphrase and creates a contributor for Zwolle', async () => {
  const link = await createAccount(ctx.server, COORD);
  coord = await newPage();
  await coord.goto(link);
  assert.match(await coord.locator('main').textContent(), /Netwerk Inclusieve Gemeenten, coördinator/);
  await checkA11y(coord, 'invite');

  // Too short and not the same twice: both fields named, linked from the summary.
  await coord.getByLabel('Wachtzin', { exact: true }).fill('kort');
  await coord.getByLabel('Wachtzin nog een keer').fill('anders');
  await coord.getByRole('button', { name: 'Wachtzin opslaan en inloggen' }).click();
  const alert = coord.getByRole('alert');
  await alert.waitFor();
  assert.ok(await alert.locator('a[href="#f-passphrase"]').count() >= 1, 'summary links to the passphrase');
  assert.equal(await coord.locator('#f-passphrase').getAttribute('aria-invalid'), 'true');
  await checkA11y(coord, 'invite with errors');

  // The link still works after a refused attempt.
  await coord.getByLabel('Wachtzin', { exact: true }).fill(COORD_PASS);
  await coord.getByLabel('Wachtzin nog een keer').fill(COORD_PASS);
  await coord.getByRole('button', { name: 'Wachtzin opslaan en inloggen' }).click();
  await coord.waitForURL(/\/beheer\?welkom=1$/);
  assert.match(await coord.getByRole('status').textContent(), /Welkom/);
  assert.equal(await coord.locator('#queue-count').textContent(), '0');
  await checkA11y(coord, 'beheer');

  // The invitation is single-use.
  const again = await newPage();
  const res = await again.goto(link);
  assert.ok(res.status() >= 400, `a used invitation answers ${res.status()}`);
  await checkA11y(again, 'error page');
  await again.context().close();

  // Accounts: an empty form names the fields, then a contributor for Zwolle.
  await coord.goto(`${ctx.server.url}/beheer/accounts`);
  await checkA11y(coord, 'accounts');
  await coord.getByRole('button', { name: 'Account maken' }).click();
  await coord.getByRole('alert').waitFor();
  assert.ok(await coord.getByRole('alert').locator('a[href="#f-name"]').count() >= 1, 'summary links to the name');
  await checkA11y(coord, 'accounts with errors');

  const form = coord.locator('form[action="/beheer/accounts"]');
  await form.getByLabel('Accountnaam').fill(CONTRIB.name);
  await form.getByLabel('Bijdrager (voor eigen gemeenten)').check();
  await form.getByLabel('Organisatie (openbaar)').fill(CONTRIB.organisation);
  await form.getByLabel('Functie (openbaar)').fill(CONTRIB.position);
  await form.getByLabel(/^Gemeentecodes/).fill(CODE);
  await form.getByRole('button', { name: 'Account maken' }).click();
  await coord.locator('#invite-link').waitFor();
  contributorInvite = (await coord.locator('#invite-link').textContent()).trim();
  assert.match(contributorInvite, new RegExp(`^${ctx.server.url}/uitnodiging/[A-Za-z0-9_-]{20,}$`));
  assert.match(await coord.locator('.accounts').textContent(), new RegExp(`${CONTRIB.name}[\\s\\S]*gemeente Zwolle, beleidsmedewerker · ${CODE}`));
  await checkA11y(coord, 'accounts with invite link');
});

test('contributor sets a passphrase, fills the questionnaire by keyboard only, saves a draft and submits', async () => {
  assert.ok(contributorInvite, 'the previous test made an invitation');
  contrib = await newPage();
  await contrib.goto(contributorInvite);
  assert.match(await contrib.locator('main').textContent(), /gemeente Zwolle, beleidsmedewerker/);
  // Keyboard: type the passphrase twice and press Enter.
  await tabTo(contrib, '#f-passphrase');
  await contrib.keyboard.type(CONTRIB_PASS);
  await contrib.keyboard.press('Tab');
  await contrib.keyboard.type(CONTRIB_PASS);
  await contrib.keyboard.press('Enter');
  await contrib.waitForURL(/\/bijdragen\?welkom=1$/);
  assert.match(await contrib.getByRole('status').textContent(), /Welkom/);
  assert.match(await contrib.locator('main').textContent(), /U heeft nog niets ingediend/);
  await checkA11y(contrib, 'contribute home');

  // Open Zwolle's questionnaire from the list, by keyboard.
  await tabTo(contrib, `a[href="/bijdragen/${CODE}"]`);
  await contrib.keyboard.press('Enter');
  await contrib.waitForURL(new RegExp(`/bijdragen/${CODE}$`));
  assert.match(await contrib.locator('h1').textContent(), /Zwolle/);
  await checkA11y(contrib, 'questionnaire');

  // The stage question: the radio group is one Tab stop; arrows choose.
  await tabTo(contrib, 'input[name="stage.value"]');
  for (let i = 0; i < 8 && (await checkedValue(contrib, 'stage.value')) !== '4'; i++) {
    const now = Number((await checkedValue(contrib, 'stage.value')) || 0);
    await contrib.keyboard.press(now < 4 ? 'ArrowDown' : 'ArrowUp');
  }
  assert.equal(await checkedValue(contrib, 'stage.value'), '4', 'stage 4 chosen with the arrow keys');
  await contrib.keyboard.press('Tab');
  assert.equal(await contrib.evaluate(() => document.activeElement.id), 'f-stage-evidence', 'Tab goes from the choices to the evidence link');
  await contrib.keyboard.press('Control+A');
  await contrib.keyboard.type(EVIDENCE);
  await contrib.keyboard.press('Tab');
  assert.equal(await contrib.evaluate(() => document.activeElement.id), 'f-stage-note');
  await contrib.keyboard.press('Control+A');
  await contrib.keyboard.type(NOTE);

  // A route step, answered with the space bar on "Weet ik niet" then an arrow.
  await tabTo(contrib, 'input[name="route.1.value"]');
  await contrib.keyboard.press('ArrowDown');
  const route1 = await checkedValue(contrib, 'route.1.value');
  assert.ok(route1 !== null && route1 !== '', `a value chosen for route step 1 (${route1})`);

  // Save as draft with the keyboard.
  await tabTo(contrib, 'button[value="draft"]');
  await contrib.keyboard.press('Enter');
  await contrib.waitForURL(/opgeslagen=concept$/);
  assert.match(await contrib.getByRole('status').textContent(), /Uw concept is bewaard/);
  await checkA11y(contrib, 'questionnaire draft saved');

  // Reloading shows the saved values.
  await contrib.goto(`${ctx.server.url}/bijdragen/${CODE}`);
  assert.equal(await checkedValue(contrib, 'stage.value'), '4');
  assert.equal(await checkedValue(contrib, 'route.1.value'), route1);
  assert.equal(await contrib.locator('#f-stage-evidence').inputValue(), EVIDENCE);
  assert.equal(await contrib.locator('#f-stage-note').inputValue(), NOTE);
  assert.match(await contrib.locator('main').textContent(), /Stand: Concept/);

  // Submit with the space bar on the submit button.
  await tabTo(contrib, 'button[value="submit"]');
  await contrib.keyboard.press('Space');
  await contrib.waitForURL(/opgeslagen=ingediend$/);
  assert.match(await contrib.getByRole('status').textContent(), /ingediend/);

  await contrib.goto(`${ctx.server.url}/bijdragen`);
  const row = contrib.getByRole('row', { name: /Zwolle/ });
  assert.match(await row.textContent(), /Wacht op beoordeling/);

  // Not public before review.
  const d = await publicDetail();
  assert.notEqual(d.stage, 4, 'a pending submission is not public');
});

test('coordinator sees the submission in the queue, approves it as self-assessment; the map shows it', async () => {
  assert.equal(await queueCount(coord), 1);
  await checkA11y(coord, 'beheer with queue');
  const row = coord.getByRole('row', { name: /Zwolle \(GM0193\)/ });
  assert.match(await row.textContent(), /gemeente Zwolle, beleidsmedewerker/);
  await row.getByRole('link', { name: /Beoordelen/ }).click();
  await coord.waitForURL(/\/beheer\/inzendingen\/\d+$/);
  assert.match(await coord.locator('h1').textContent(), /Zwolle/);
  const stageRow = coord.getByRole('row', { name: /Fase van de lokale inclusieagenda/ });
  assert.match(await stageRow.textContent(), /gewijzigd/);
  assert.equal(await stageRow.getByRole('link', { name: EVIDENCE }).getAttribute('href'), EVIDENCE);
  assert.match(await stageRow.textContent(), new RegExp(NOTE));
  await checkA11y(coord, 'review');

  await coord.getByLabel('Zelfevaluatie (door de gemeente zelf)').check();
  await coord.getByRole('button', { name: 'Goedkeuren en publiceren' }).click();
  await coord.waitForURL(/\/beheer\?klaar=1$/);
  assert.equal(await coord.locator('#queue-count').textContent(), '0');

  const page = await openPage(ctx.browser, `${ctx.server.url}/?sel=${CODE}`, { axe: true });
  await waitForColoured(page);
  const detail = page.getByRole('region', { name: 'Zwolle' });
  await detail.locator('[aria-current="step"]').waitFor();
  assert.match(await detail.locator('[aria-current="step"]').textContent(), /Fase 4: LIA vastgesteld/);
  assert.match(await page.locator('#detail-basis').textContent(), /Zelfevaluatie/);
  const link = detail.locator(`a.evidence-link[href="${EVIDENCE}"]`);
  assert.equal(await link.count(), 1, 'the evidence link of the stage is on the map');
  await checkA11y(page, 'map detail after approval');
  assertNoProblems(page);
  await page.context().close();

  const d = await publicDetail();
  assert.equal(d.stage, 4);
  assert.equal(d.basis, 'self_assessment');
  assert.ok(!JSON.stringify(d).includes(CONTRIB.name), 'the account name is never public');
});

test('bad input: a non-http evidence link and a 20 kB note are named, linked, and the saved draft stays intact', async () => {
  // A good draft first.
  await contrib.goto(`${ctx.server.url}/bijdragen/${CODE}`);
  await contrib.locator('#f-stage-value-5').check();
  await contrib.locator('#f-stage-note').fill('Goed concept.');
  await contrib.getByRole('button', { name: 'Bewaar als concept' }).click();
  await contrib.waitForURL(/opgeslagen=concept$/);

  // Then bad input.
  await contrib.locator('#f-stage-evidence').fill('javascript:alert(1)');
  await contrib.locator('#f-route-1-note').fill('x'.repeat(20_000));
  await contrib.getByRole('button', { name: 'Bewaar als concept' }).click();
  const alert = contrib.getByRole('alert');
  await alert.waitFor();
  const evidenceLink = alert.locator('a[href="#f-stage-evidence"]');
  const noteLink = alert.locator('a[href="#f-route-1-note"]');
  assert.equal(await evidenceLink.count(), 1, 'the summary links to the evidence field');
  assert.equal(await noteLink.count(), 1, 'the summary links to the note field');
  // Named by the question and the part of it, in plain Dutch (never a field id).
  assert.match(await evidenceLink.textContent(), /^Fase van de lokale inclusieagenda.* – bewijs: geef een webadres/);
  assert.match(await noteLink.textContent(), /– toelichting: dit is 20000 tekens; maximaal 2000/);
  assert.equal(await contrib.locator('#f-stage-evidence').getAttribute('aria-invalid'), 'true');
  assert.equal(await contrib.locator('#f-route-1-note').getAttribute('aria-invalid'), 'true');
  assert.ok((await contrib.locator('#f-stage-evidence-problem').textContent()).length > 0, 'inline message at the field');
  // What was typed is still in the form.
  assert.equal(await contrib.locator('#f-stage-evidence').inputValue(), 'javascript:alert(1)');
  assert.equal(await contrib.locator('#f-stage-note').inputValue(), 'Goed concept.');
  assert.match(await contrib.title(), /^Fout: /, 'the page title says there are errors');
  await checkA11y(contrib, 'questionnaire with errors');

  // Following the summary link by keyboard lands on the field.
  await evidenceLink.focus();
  await contrib.keyboard.press('Enter');
  await contrib.waitForFunction(() => location.hash === '#f-stage-evidence');
  assert.equal(await contrib.evaluate(() => document.activeElement.id), 'f-stage-evidence', 'the link moves focus to the field');

  // The saved draft is intact.
  await contrib.goto(`${ctx.server.url}/bijdragen/${CODE}`);
  assert.equal(await checkedValue(contrib, 'stage.value'), '5');
  assert.equal(await contrib.locator('#f-stage-note').inputValue(), 'Goed concept.');
  assert.equal(await contrib.locator('#f-stage-evidence').inputValue(), EVIDENCE);
  assert.equal(await contrib.locator('#f-route-1-note').inputValue(), '');
  assert.equal(contrib.dialogs.length, 0, 'no script ran');

  // A value outside the scale cannot be chosen in the page; one posted anyway
  // (a changed page) is named too, and its summary link focuses the question.
  await contrib.locator('#f-route-2-value-none').evaluate((el) => { el.value = '99'; el.checked = true; });
  await contrib.getByRole('button', { name: 'Bewaar als concept' }).click();
  const valueLink = contrib.getByRole('alert').locator('a[href="#f-route-2-value"]');
  await valueLink.waitFor();
  await valueLink.click();
  await contrib.waitForFunction(() => document.activeElement?.id === 'f-route-2-value');
  assert.ok((await contrib.locator('#f-route-2-value-problem').textContent()).length > 0);
  await contrib.goto(`${ctx.server.url}/bijdragen/${CODE}`);
  assert.equal(await checkedValue(contrib, 'stage.value'), '5', 'the draft is still intact');
});

test('send back with a reason the contributor sees, then reject; HTML in a note is shown as text', async () => {
  const html = '<script>alert("x")</script><b id="injected">vet</b><img src=x onerror=alert(1)>';
  await submitAnswers(contrib, { stage: 5, note: html });

  assert.equal(await queueCount(coord), 1);
  await coord.getByRole('link', { name: /Beoordelen/ }).click();
  await coord.waitForURL(/\/beheer\/inzendingen\/\d+$/);
  const cell = coord.getByRole('row', { name: /Fase van de lokale inclusieagenda/ }).locator('td.reason');
  assert.equal(await cell.textContent(), html, 'the note is shown as its text');
  assert.equal(await coord.locator('#injected').count(), 0, 'no element from the note');
  assert.equal(await coord.locator('main script, main img').count(), 0, 'no script or image from the note');
  assert.equal(coord.dialogs.length, 0, 'no script ran');

  // Without a reason: refused, the field named.
  await coord.getByRole('button', { name: 'Terugsturen' }).click();
  await coord.getByRole('alert').waitFor();
  assert.equal(await coord.getByRole('alert').locator('a[href="#f-reason"]').count(), 1);
  assert.equal(await coord.locator('#f-reason').getAttribute('aria-invalid'), 'true');
  assert.match(await coord.title(), /^Fout: /);
  await checkA11y(coord, 'review with errors');

  const reason = 'Graag een link naar het raadsbesluit over de uitvoering.';
  await coord.getByLabel('Reden (de inzender ziet deze tekst)').fill(reason);
  await coord.getByRole('button', { name: 'Terugsturen' }).click();
  await coord.waitForURL(/\/beheer\?klaar=1$/);
  assert.equal(await coord.locator('#queue-count').textContent(), '0');

  // The contributor sees the reason on the home page and on the questionnaire.
  await contrib.goto(`${ctx.server.url}/bijdragen`);
  const row = contrib.getByRole('row').filter({ hasText: 'Teruggestuurd' });
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), /Zwolle/);
  assert.ok((await row.textContent()).includes(reason), 'reason on /bijdragen');
  await checkA11y(contrib, 'contribute home sent back');
  await contrib.goto(`${ctx.server.url}/bijdragen/${CODE}`);
  assert.equal((await contrib.locator('.sent-back .reason').textContent()).trim(), reason);
  assert.equal(await contrib.locator('#f-stage-note').inputValue(), html, 'the sent-back answers are kept');
  await checkA11y(contrib, 'questionnaire sent back');

  // Resubmitted, then rejected.
  await submitAnswers(contrib, { stage: 6, note: 'Tweede poging.' });
  assert.equal(await queueCount(coord), 1);
  await coord.getByRole('link', { name: /Beoordelen/ }).click();
  await coord.getByLabel('Reden (de inzender ziet deze tekst)').fill('Fase 6 blijkt nergens uit.');
  await coord.getByRole('button', { name: 'Afwijzen' }).click();
  await coord.waitForURL(/\/beheer\?klaar=1$/);
  assert.equal(await coord.locator('#queue-count').textContent(), '0');

  await contrib.goto(`${ctx.server.url}/bijdragen`);
  const rejected = contrib.getByRole('row').filter({ hasText: 'Afgewezen' });
  assert.equal(await rejected.count(), 1);
  assert.match(await rejected.textContent(), /Fase 6 blijkt nergens uit\./);

  // Neither the sent-back nor the rejected submission is public.
  const d = await publicDetail();
  assert.equal(d.stage, 4);
  assert.ok(!JSON.stringify(d).includes('Tweede poging'), 'a rejected note is not public');
  assert.ok(!JSON.stringify(d).includes('injected'), 'a sent-back note is not public');
});

test('a contributor cannot open the coordinator pages (error page)', async () => {
  const res = await contrib.goto(`${ctx.server.url}/beheer`);
  assert.equal(res.status(), 403);
  assert.match(await contrib.locator('h1').textContent(), /Dat lukte niet/);
  await checkA11y(contrib, 'error page');
});

test('public correction from the detail panel: errors named, thank-you, in the queue, closing erases the contact', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/?sel=${CODE}`, { axe: true });
  await waitForColoured(page);
  await page.locator('#correction-link').click();
  await page.waitForURL(new RegExp(`/klopt-dit-niet/${CODE}$`));
  assert.match(await page.locator('h1').textContent(), /Zwolle/);
  await checkA11y(page, 'correction form');

  // Nothing filled in and a bad source link: both named.
  await page.getByLabel('Link naar een bron (optioneel)').fill('ftp://example.org/x');
  await page.getByRole('button', { name: 'Melding versturen' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal(await alert.locator('a[href="#f-what"]').count(), 1);
  assert.equal(await alert.locator('a[href="#f-source-url"]').count(), 1);
  await checkA11y(page, 'correction with errors');

  const contact = 'lezer@example.org';
  const what = 'De fase klopt niet: de agenda is al in uitvoering.';
  await page.getByLabel('Wat klopt er niet?').fill(what);
  await page.getByLabel('Link naar een bron (optioneel)').fill('https://www.zwolle.nl/inclusie');
  await page.getByLabel('Uw e-mailadres of telefoonnummer (optioneel)').fill(contact);
  await page.getByRole('button', { name: 'Melding versturen' }).click();
  await page.getByRole('status').waitFor();
  assert.match(await page.getByRole('status').textContent(), /Dank u wel/);
  await checkA11y(page, 'correction thanks');
  await page.context().close();

  assert.equal(await queueCount(coord), 1);
  const item = coord.locator('.corrections li').filter({ hasText: what });
  assert.equal(await item.count(), 1);
  assert.match(await item.textContent(), new RegExp(contact));
  await checkA11y(coord, 'beheer with correction');
  await item.getByRole('button', { name: /Afhandelen/ }).click();
  await coord.waitForURL(/\/beheer\?klaar=1$/);
  assert.equal(await coord.locator('#queue-count').textContent(), '0');
  assert.ok(!(await coord.content()).includes(contact), 'the contact is gone from the page');
  // The stored contact is erased too (checked in the database when the sqlite3 tool is at hand).
  let sqlite = null;
  try {
    sqlite = execFileSync('sqlite3', [ctx.server.db, "SELECT count(*) FROM corrections WHERE contact <> ''"], { encoding: 'utf8' }).trim();
  } catch { /* no sqlite3 tool: the page check above stands */ }
  if (sqlite !== null) assert.equal(sqlite, '0', 'no contact left in the database');
});

test('every page and state of the flow was checked with axe-core', () => {
  const missing = REQUIRED_STATES.filter((s) => !checked.has(s));
  assert.deepEqual(missing, [], `states never checked: ${missing.join(', ')}`);
});
