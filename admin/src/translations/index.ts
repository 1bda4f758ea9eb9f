/** Languages the admin panel is translated into; any other locale falls back to English. */
export const TRANSLATIONS: Record<string, () => Promise<{ default: Record<string, string> }>> = {
  en: () => import('./en'),
  fr: () => import('./fr'),
};
