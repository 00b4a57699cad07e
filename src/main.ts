import { mount } from 'svelte';
import App from './views/App.svelte';
import './views/app.css';
import { engineAssetUrls } from './data/db-browser';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target });

// Offline support exists only in the built app; the dev server must always serve fresh code.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  void registerOffline();
}

async function registerOffline(): Promise<void> {
  try {
    await navigator.serviceWorker.register('./sw.js');
    const reg = await navigator.serviceWorker.ready;
    // Once the first data set is in, hand the worker every same-origin file this page used.
    const send = () => {
      const urls = performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((u) => u.startsWith(location.origin))
        .concat(engineAssetUrls());
      reg.active?.postMessage({ type: 'cache-urls', urls });
    };
    window.addEventListener('clientele:data-loaded', send);
    send();
  } catch {
    // Offline support is a bonus; the app works online without it.
  }
}
