// Entry point: Vue app with router and i18n. Element Plus components are
// imported per use by the build (see vite.config.ts); only their base CSS here.
import { createApp } from 'vue'
import 'element-plus/theme-chalk/base.css'
import '../ui/style.css'
import App from './App.vue'
import { router } from './router'
import { i18n, locale } from './i18n'

document.documentElement.lang = locale.value
createApp(App).use(i18n).use(router).mount('#app')
