/**
 * The demo conversation's picture (Elsa's rash). The seed knows no storage, so
 * its attachment row carries DEMO_PICTURE_KEY and the messaging module draws
 * the picture into its storage the first time it is asked for — outside
 * production only. It lives here, not in the seed, so that production code
 * never imports the seed.
 */
import sharp from 'sharp';

export const DEMO_PICTURE_KEY = 'demo_elsa_utslag_picture_0000000001';

/** A drawn "rash on an arm": skin tone with red spots (no real photo, no metadata). */
export async function demoPicture(): Promise<Buffer> {
  const spots = [
    [120, 90, 14],
    [180, 140, 10],
    [240, 110, 16],
    [300, 180, 12],
    [200, 220, 9],
    [350, 120, 11],
    [140, 200, 13],
  ]
    .map(([x, y, r]) => `<circle cx="${x}" cy="${y}" r="${r}" fill="#d9534f" fill-opacity="0.75"/>`)
    .join('');
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="480" height="320">${spots}</svg>`);
  return sharp({ create: { width: 480, height: 320, channels: 3, background: '#f1c9a5' } })
    .composite([{ input: svg }])
    .jpeg({ quality: 80 })
    .toBuffer();
}
