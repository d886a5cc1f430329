// Keeps a form's summary of its ticked boxes (ChoiceSummary, src/app/html/choice-summary.tsx) in
// step with the form, using the sentences the server put on the summary. Without this script the
// summary says what the server rendered, which matches the form as sent.

/** The ticked boxes or the chosen radio of a field, in the order of the form. */
function chosen(form, field, type) {
  return [...form.elements].filter((e) => e.name === field && e.type === type && e.checked);
}

function shortName(input) {
  const named = input.closest('[data-summary-name]');
  if (named) return named.getAttribute('data-summary-name');
  return (input.labels[0]?.textContent ?? input.value).trim();
}

function sentenceFor(summary, form) {
  const switchField = summary.getAttribute('data-summary-switch');
  if (switchField) {
    const value = chosen(form, switchField, 'radio')[0]?.value ?? '';
    if (value !== summary.getAttribute('data-summary-list-when')) {
      const key = value === '' ? 'data-summary-unchosen' : `data-summary-when-${value}`;
      return summary.getAttribute(key) ?? '';
    }
  }
  const names = chosen(form, summary.getAttribute('data-summary-of'), 'checkbox').map(shortName);
  const key = names.length === 0 ? 'none' : names.length === 1 ? 'one' : 'other';
  const list = new Intl.ListFormat(summary.getAttribute('data-summary-locale'), {
    type: 'conjunction',
  }).format(names);
  return (summary.getAttribute(`data-summary-${key}`) ?? '')
    .replaceAll('{count}', String(names.length))
    .replaceAll('{names}', list);
}

// A module runs once per page however many summaries bring it along.
for (const summary of document.querySelectorAll('[data-summary-of]')) {
  const form = summary.closest('form');
  const text = summary.querySelector('[data-summary-text]');
  if (form && text) {
    form.addEventListener('change', () => {
      text.textContent = sentenceFor(summary, form);
    });
  }
}
