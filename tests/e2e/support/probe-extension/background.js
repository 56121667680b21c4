// Each worker start gets a new random instance id, so a test can tell a restart happened and
// that memory did not survive it.
const instance = crypto.randomUUID();

function putBytes(text) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('probe', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('blobs');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('blobs', 'readwrite');
      tx.objectStore('blobs').put(new TextEncoder().encode(text), 'item');
      tx.oncomplete = () => {
        open.result.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

chrome.runtime.onMessage.addListener((message, _sender, sendResponse) => {
  if (message?.op === 'instance') {
    sendResponse({ instance });
    return false;
  }
  if (message?.op === 'putBytes') {
    putBytes(String(message.text)).then(() => sendResponse({ ok: true }));
    return true;
  }
  return false;
});
