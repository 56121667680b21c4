import { mount } from 'svelte';
import '../../components/ui/theme.css';
import { startTheme } from '../../components/ui/applyTheme';
import { popupTargetContext } from '../../components/popupTarget';
import App from './App.svelte';
import { resolvePopupTarget } from './popupTarget';
import { setPageLanguage } from '../../components/ui/pageLanguage';
import { prefetchOpening } from '../../components/vault/vaultOpening';

// First, so the background works on the status and first rows while this page mounts.
prefetchOpening();

setPageLanguage();

// Once, for every component that acts on the page: they get it by context.
const popupTarget = resolvePopupTarget();

// In the pop-out window the page may be wider than the 360 px popup.
if (popupTarget.windowed) document.body.classList.add('windowed');

// Before mounting, so the first paint already has the user's theme.
startTheme();

const target = document.getElementById('app');
if (!target) throw new Error('popup.html has no #app element');

mount(App, { target, context: popupTargetContext(popupTarget) });
