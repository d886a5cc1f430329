// Every page's enhancements, loaded after ECL's own script. Without scripts the pages work as
// they are: the menu is a list of links and times are shown in UTC, named as such.
/* global ECL */

document.documentElement.classList.replace('no-js', 'has-js');
ECL.autoInit();

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
