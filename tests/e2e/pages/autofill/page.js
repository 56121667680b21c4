// The fixture pages' own script (page world): records what their input listeners saw, the
// way a sign-in form's framework would. Tests read window.seen.
window.seen = [];
document.addEventListener(
  'input',
  (event) => {
    const t = event.composedPath()[0];
    if (t instanceof HTMLInputElement) window.seen.push({ field: t.name || t.id, value: t.value });
  },
  true,
);
