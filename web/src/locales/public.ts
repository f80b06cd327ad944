// Strings of the public pages.
export default {
  'zh-CN': { pub: {} },
  en: { pub: {} },
}
