// cite.js: the copy buttons of the server-rendered pages (the citation on
// /gemeente/{code}). Without JavaScript the buttons stay hidden and the text
// can be selected; with it, a button copies its target's text and the live
// region (#copy-status) says whether that worked.
for (const button of document.querySelectorAll('button[data-copy]')) {
  const target = document.getElementById(button.dataset.copy);
  const status = document.getElementById('copy-status');
  if (!target) continue;
  button.hidden = false;
  button.addEventListener('click', async () => {
    let ok = true;
    try {
      await navigator.clipboard.writeText(target.textContent.trim());
    } catch {
      window.getSelection()?.selectAllChildren(target); // let the user copy it
      ok = false;
    }
    if (status) {
      status.textContent = '';
      setTimeout(() => { status.textContent = ok ? button.dataset.copied : button.dataset.failed; }, 50);
    }
  });
}
