#!/usr/bin/env node
/**
 * Renders the app's PNG icons (the sizes Android and iOS ask for) from the SVG sources in
 * web/public with Debian's Chromium, so the PNGs never drift from the SVGs. Run it after changing
 * an SVG: `node scripts/make-icons.mjs`; the PNGs are committed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.join(import.meta.dirname, '../web/public');
const icons = [
  { source: 'icon.svg', out: 'icon-192.png', size: 192 },
  { source: 'icon.svg', out: 'icon-512.png', size: 512 },
  { source: 'icon-maskable.svg', out: 'icon-maskable-512.png', size: 512 },
  // iOS ignores SVG and manifest icons for the home screen; it wants a 180 px apple-touch-icon.
  { source: 'icon-maskable.svg', out: 'apple-touch-icon.png', size: 180 },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  for (const icon of icons) {
    const svg = fs.readFileSync(path.join(root, icon.source), 'utf8');
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    const html = `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${icon.size}" height="${icon.size}" `)}</body></html>`;
    await page.setContent(html);
    await page.screenshot({ path: path.join(root, icon.out), omitBackground: true });
    await page.close();
    console.log(`${icon.out} ${icon.size}×${icon.size}`);
  }
} finally {
  await browser.close();
}
