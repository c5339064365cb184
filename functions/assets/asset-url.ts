import { ASSETS } from './assets.generated.js';

/** A URL that changes whenever the file does, so browsers can cache it forever. */
export function assetUrl(name: string): string {
  const asset = ASSETS[name];
  return asset ? `/assets/${name}?v=${asset.hash}` : `/assets/${name}`;
}
