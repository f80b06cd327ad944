// Strings of the clerk pages.
export default {
  'zh-CN': { clerk: {} },
  en: { clerk: {} },
}
