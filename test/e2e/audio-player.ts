import type { Page } from 'playwright-core';

/**
 * Loads the page's <audio id=elementId> and seeks it to `seconds`, as a listener dragging the
 * player would: the browser fetches the audio with Range requests. Returns the duration the
 * browser read and where the seek landed.
 */
export function loadAndSeek(page: Page, elementId: string, seconds: number): Promise<{ duration: number; at: number }> {
  return page.evaluate(async ({ elementId, seconds }) => {
    const audio = document.getElementById(elementId) as HTMLAudioElement;
    audio.preload = 'auto';
    audio.load();
    await new Promise((done) => audio.addEventListener('loadedmetadata', done, { once: true }));
    const duration = audio.duration;
    audio.currentTime = seconds;
    await new Promise((done) => audio.addEventListener('seeked', done, { once: true }));
    return { duration, at: audio.currentTime };
  }, { elementId, seconds });
}
