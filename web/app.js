// The page script: every page is rendered by the server and works without it; this enhances the
// view the server names in <body data-view>. Plain ES modules, no build step.

const views = {
  search: () => import('./views/search.js'),
  meeting: () => import('./views/meeting.js'),
};

const view = views[document.body.dataset.view];
if (view) view().then((m) => m.start());
