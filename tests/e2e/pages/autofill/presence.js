// What any page can see of an extension: nodes added to its document. Records every element
// added after the page's own markup was parsed, so a test can compare what the page saw.
window.added = [];
document.addEventListener('DOMContentLoaded', () => {
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE) window.added.push(node.nodeName);
      }
    }
  }).observe(document, { childList: true, subtree: true });
});
