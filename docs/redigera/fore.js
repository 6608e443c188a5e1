// Loaded before Decap CMS: it waits for garanti.js to give it its configuration.
window.CMS_MANUAL_INIT = true;
