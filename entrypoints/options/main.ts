import { mount } from 'svelte';
import { i18n } from '#i18n';
import '../../components/ui/theme.css';
import { startTheme } from '../../components/ui/applyTheme';
import { setPageLanguage } from '../../components/ui/pageLanguage';
import App from './App.svelte';

// theme.css sizes the body for the 360 px popup; this page has a whole tab.
document.body.classList.add('options-page');

setPageLanguage();

// Before mounting, so the first paint already has the user's theme.
startTheme();
document.title = i18n.t('settings.pageTitle');

const target = document.getElementById('app');
if (!target) throw new Error('options.html has no #app element');

mount(App, { target });
