// On the staff's patient page: issue the patient a one-time code for their own view (patient.html), to read out
// or send as a link. A code works once, for 7 days; a new one ends the patient's older unused code.
'use strict';
window.PatientViewCodes = (() => {
  const WORDS = {
    da: { title: 'Patientens egen side', issue: 'Ny log-in-kode til patienten', code: 'Kode', link: 'Link',
      valid: 'Gælder én gang, til', failed: 'Koden kunne ikke laves' },
    en: { title: "The patient's own page", issue: 'New sign-in code for the patient', code: 'Code', link: 'Link',
      valid: 'Works once, until', failed: 'The code could not be made' },
  };

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    kids.forEach((k) => e.append(k));
    return e;
  }

  /** The card for patient {@code patientId}, in the screen's current language. */
  function card(patientId) {
    const lang = document.documentElement.lang === 'en' ? 'en' : 'da';
    const w = WORDS[lang];
    const out = el('div', { id: 'issued', 'aria-live': 'polite' });
    const button = el('button', { type: 'button', id: 'issue-code' }, w.issue);
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const s = await fetch('/api/v1/session', { credentials: 'same-origin' }).then((r) => r.json());
        const r = await fetch('/api/v1/patients/' + encodeURIComponent(patientId) + '/patient-view/codes', {
          method: 'POST', credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrfToken }, body: '{}' });
        if (r.status !== 201) throw new Error(String(r.status));
        const c = await r.json();
        const until = new Date(c.expiresAt).toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB',
          { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
        out.replaceChildren(
          el('p', {}, w.code + ': ', el('strong', { id: 'issued-code' }, c.code)),
          el('p', {}, w.link + ': ', el('a', { id: 'issued-link', href: c.link }, c.link)),
          el('p', { class: 'muted' }, w.valid + ' ' + until));
      } catch (e) {
        out.replaceChildren(el('p', {}, w.failed));
      } finally {
        button.disabled = false;
      }
    });
    return el('section', { class: 'card', id: 'patient-view-codes' }, el('h2', {}, w.title), button, out);
  }

  return { card };
})();
