// Opens captiond's player page in Debian's Chromium (playwright-core), waits for the video to play and the
// subtitle tracks of the master, picks the one in <lang> with the page's language picker (hls.js subtitleTrack switch), and watches
// until the stream ends (or a time limit). Prints one JSON line: the tracks hls.js found, the track showing,
// the cues of the chosen language's text track, the cues seen active while it showed, and whether tentative
// (source-language) text showed while it was chosen.
//   node check-translation.mjs <player url> <lang> <max seconds>
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [url, lang, maxSeconds = '120'] = process.argv.slice(2);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'captiond-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  headless: true,
  viewport: { width: 800, height: 600 },
});
const result = { chosen: false, hlsTracks: [], active: [], tentativeWhileChosen: [], console: [], requests: [] };
try {
  const page = await context.newPage();
  page.on('console', (m) => result.console.length < 50 && result.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => result.console.push(`pageerror: ${e.message}`));
  page.on('response', async (r) => {
    if (r.url().includes('.vtt')) {
      const body = await r.text().catch(() => '');
      result.requests.push(`${r.status()} ${new URL(r.url()).pathname} ${body.split('\n').length} lines ${JSON.stringify(body.slice(0, 300))}`);
    }
  });
  await page.goto(url, { waitUntil: 'load' });
  const deadline = Date.now() + Number(maxSeconds) * 1000;
  let last = null;
  let endedAt = 0;
  while (Date.now() < deadline) {
    // A viewer picks the language once the video plays (hls.js has the stream's clock, initPTS, by then).
    const playing = await page.evaluate(() => document.getElementById('video').currentTime > 0.5);
    if (!result.chosen && playing) {
      const tracks = await page.evaluate(() => (window.captiond && window.captiond.subtitleTracks) || []);
      const index = tracks.findIndex((t) => t.lang === lang);
      if (index >= 0) {
        result.hlsTracks = tracks;
        await page.selectOption('#language', String(index));
        result.chosen = true;
        result.chosenAt = Date.now();
      }
    }
    last = await page.evaluate((wanted) => {
      const video = document.getElementById('video');
      const tracks = Array.from(video.textTracks);
      const chosen = tracks.find((t) => t.language === wanted);
      const cues = chosen ? Array.from(chosen.cues || []).map((c) => ({ start: c.startTime, end: c.endTime, text: c.text })) : [];
      const active = chosen ? Array.from(chosen.activeCues || []).map((c) => c.text) : [];
      const seen = window.captiond || {};
      return {
        currentTime: video.currentTime, ended: video.ended, state: seen.state, errors: seen.errors || [],
        tracks: tracks.map((t) => `${t.kind}/${t.label}/${t.language}/${t.mode}`),
        chosenMode: chosen ? chosen.mode : null, hlsSubtitleTrack: seen.hls ? seen.hls.subtitleTrack : null,
        cues, active, tentative: document.getElementById('tentative').hidden ? '' : document.getElementById('tentative').textContent,
        pickerVisible: !document.getElementById('language').parentElement.hidden,
        bufferedEnd: video.buffered.length ? video.buffered.end(video.buffered.length - 1) : 0,
      };
    }, lang);
    if (result.chosen && last.chosenMode === 'showing') {
      for (const text of last.active) { if (!result.active.includes(text)) result.active.push(text); }
      if (last.tentative) result.tentativeWhileChosen.push(last.tentative);
    }
    const atEnd = last.ended || (last.state === 'ended' && last.bufferedEnd > 0 && last.currentTime >= last.bufferedEnd - 0.3);
    if (atEnd && result.chosen) {
      endedAt = endedAt || Date.now();
      if (Date.now() - endedAt > 1000) break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  result.last = last;
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
