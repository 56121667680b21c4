import { mount } from 'svelte';
import '../../components/ui/theme.css';
import App from './App.svelte';
import { targetTabId } from './popupTarget';

// In the pop-out window the page may be wider than the 360 px popup.
if (targetTabId() !== null) document.body.classList.add('windowed');

const target = document.getElementById('app');
if (!target) throw new Error('popup.html has no #app element');

mount(App, { target });
