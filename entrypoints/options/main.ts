import { mount } from 'svelte';
import '../../components/ui/theme.css';
import App from './App.svelte';

// theme.css sizes the body for the 360 px popup; this page has a whole tab.
document.body.classList.add('options-page');

const target = document.getElementById('app');
if (!target) throw new Error('options.html has no #app element');

mount(App, { target });
