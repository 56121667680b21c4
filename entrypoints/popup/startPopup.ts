import { mount } from 'svelte';
import { startTheme } from '../../components/ui/applyTheme';
import { popupTargetContext } from '../../components/popupTarget';
import App from './App.svelte';
import { resolvePopupTarget } from './popupTarget';
import { setPageLanguage } from '../../components/ui/pageLanguage';
import { openingAnswered } from '../../components/vault/vaultOpening';

setPageLanguage();

// Once, for every component that acts on the page: they get it by context.
const popupTarget = resolvePopupTarget();

// In the pop-out window the page may be wider than the 360 px popup.
if (popupTarget.windowed) document.body.classList.add('windowed');

// Before mounting, so the first paint already has the user's theme.
startTheme();

const target = document.getElementById('app');
if (!target) throw new Error('popup.html has no #app element');

// Mounted once the opening answer is in, so that the first frame already shows the codes (or
// the unlock screen) instead of "Loading…"; a background slow to answer (its service worker
// starting) gets "Loading…" after a moment.
await openingAnswered(150);
mount(App, { target, context: popupTargetContext(popupTarget) });
