// Makes a long list of checkboxes (the Picker of src/app/forms/bind.tsx) searchable: the search
// box shows only the choices whose label holds every word typed, and groups left empty are
// hidden. Without this script the list is shown whole, grouped, and the search box stays hidden.

function words(text) {
  return text
    .toLocaleLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
}

for (const picker of document.querySelectorAll('[data-picker]')) {
  if (picker.dataset.pickerReady) continue;
  picker.dataset.pickerReady = 'yes';
  const search = picker.querySelector('[data-picker-search]');
  const input = search?.querySelector('input');
  const count = picker.querySelector('[data-picker-count]');
  if (!search || !input) continue;
  search.hidden = false;
  const boxes = [...picker.querySelectorAll('.ecl-checkbox, .ecl-radio')];
  const countText = count?.textContent ?? '';
  const showCount = () => {
    if (!count) return;
    const chosen = picker.querySelectorAll('input:checked').length;
    count.textContent = countText.replace(/^\d+/, String(chosen));
  };
  input.addEventListener('input', () => {
    const wanted = words(input.value);
    for (const box of boxes) {
      const label = box.textContent.toLocaleLowerCase();
      box.hidden = !wanted.every((word) => label.includes(word));
    }
    for (const group of picker.querySelectorAll('[data-picker-group]')) {
      group.hidden = [...group.querySelectorAll('.ecl-checkbox, .ecl-radio')].every(
        (box) => box.hidden,
      );
    }
  });
  // Enter in the search box filters; it must not send the form.
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') event.preventDefault();
  });
  picker.addEventListener('change', showCount);
}
