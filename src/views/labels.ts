import type { I18n } from './context';

/** Export button labels for PlotFigure, from the catalogue. */
export function exportLabels(i18n: I18n): { svg: string; png: string; failed: string } {
  return {
    svg: i18n.t('export.svg'),
    png: i18n.t('export.png'),
    failed: i18n.t('export.failed'),
  };
}
