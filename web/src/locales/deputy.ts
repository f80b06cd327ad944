// Strings of the deputy pages.
export default {
  'zh-CN': { deputy: {} },
  en: { deputy: {} },
}
