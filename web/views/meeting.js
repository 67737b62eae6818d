// The meeting page, enhanced: "Tilbage til søgningen" goes back in history when the reader came
// from a search, so the results are where they were (how many shown, and the scroll position).

export function start() {
  const back = document.querySelector('.back-link');
  back?.addEventListener('click', (event) => {
    if (history.length > 1 && document.referrer.startsWith(`${location.origin}/`)) {
      const from = new URL(document.referrer);
      if (from.pathname === '/') {
        event.preventDefault();
        history.back();
      }
    }
  });
}
