// Every page's enhancements, loaded after ECL's own script. Without scripts the pages work as
// they are: the menu is a list of links and times are shown in UTC, named as such.
/* global ECL */

document.documentElement.classList.replace('no-js', 'has-js');

/**
 * ECL's datepicker reads what is typed as DD-MM-YYYY only and rewrites the field with what it
 * read, so 2026-12-02 or 02/12/2026 would become another day. Before it reads (this listener
 * captures the change first), a day written another usual way is rewritten as DD-MM-YYYY.
 */
document.addEventListener(
  'change',
  (event) => {
    const field = event.target;
    if (!(field instanceof HTMLInputElement) || !field.classList.contains('ecl-datepicker__field'))
      return;
    const text = field.value.trim();
    const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    const dayFirst = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(text);
    const pad = (n) => n.padStart(2, '0');
    if (iso) field.value = `${pad(iso[3])}-${pad(iso[2])}-${iso[1]}`;
    else if (dayFirst) field.value = `${pad(dayFirst[1])}-${pad(dayFirst[2])}-${dayFirst[3]}`;
  },
  true,
);

ECL.autoInit();

// Pikaday names a date field "Use the arrow keys to pick a date" each time it draws, hiding the
// field's own label from screen readers: it is told to use the label instead.
// Its calendar's title is a heading without a level and its month and year lists have no name:
// each time it draws, they are given theirs (the names come from the page, in its language).
// It also names each calendar's title with a random id of two letters, which two date fields of
// one page can draw alike: the title is named after its field instead. A picker may have drawn
// already, so its calendar is named at once too.
document.querySelectorAll('.ecl-datepicker__field').forEach((field, fieldIndex) => {
  const picker = ECL.components?.get(field)?.picker;
  if (!picker) return;
  const label = field.labels?.[0]?.textContent?.trim();
  if (label) picker._o.ariaLabel = label;
  const named = ({ el }) => {
    el.querySelectorAll('.pika-lendar').forEach((calendar, index) => {
      const title = calendar.querySelector('.pika-title');
      const table = calendar.querySelector('.pika-table');
      if (!title) return;
      title.id = `${field.id || `date-field-${String(fieldIndex)}`}-calendar-${String(index)}`;
      table?.setAttribute('aria-labelledby', title.id);
    });
    for (const title of el.querySelectorAll('.pika-title[role="heading"]')) {
      title.setAttribute('aria-level', '2');
    }
    for (const [selector, name] of [
      ['.pika-select-month', field.dataset.monthLabel],
      ['.pika-select-year', field.dataset.yearLabel],
    ]) {
      for (const list of el.querySelectorAll(selector)) list.setAttribute('aria-label', name ?? '');
    }
  };
  picker._o.onDraw = named;
  named(picker);
});

/**
 * A moment the server wrote in UTC (`<time data-local-time datetime="…">`) is shown in the
 * reader's own time zone, named in full, in the page's language.
 */
function showLocalTimes() {
  const locale = document.documentElement.getAttribute('data-intl-locale') ?? undefined;
  const format = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'long',
  });
  for (const element of document.querySelectorAll('time[data-local-time]')) {
    const moment = new Date(element.getAttribute('datetime') ?? '');
    if (Number.isNaN(moment.getTime())) continue;
    element.title = element.textContent ?? '';
    element.textContent = format.format(moment);
  }
}

showLocalTimes();
