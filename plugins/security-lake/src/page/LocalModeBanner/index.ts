export { LocalModeBanner } from './LocalModeBanner';
export type { LocalModeBannerProps } from './LocalModeBanner';
