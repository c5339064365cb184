import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { ASSETS } from '../assets/assets.generated.js';

/**
 * The stylesheet and scripts, compiled into the app so both runtimes serve them the same way.
 * URLs carry the content hash (see asset-url.ts), so they can be cached for a year.
 */
export const assetRoutes = new Hono<AppEnv>().get('/assets/:name', (c) => {
  const asset = ASSETS[c.req.param('name')];
  if (!asset) return c.text('not found', 404);
  const etag = `"${asset.hash}"`;
  if (c.req.header('if-none-match') === etag) return c.body(null, 304);
  c.header('content-type', asset.type);
  c.header('etag', etag);
  c.header('cache-control', c.req.query('v') === asset.hash ? 'public, max-age=31536000, immutable' : 'no-cache');
  return c.body(asset.body);
});
