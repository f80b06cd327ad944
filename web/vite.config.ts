// Vite build of Minsheng's front end. Element Plus components and their CSS are
// imported on demand (unplugin-vue-components + ElementPlusResolver), so only
// what a page uses is bundled; the output in dist/ is served by `minsheng serve`.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import AutoImport from 'unplugin-auto-import/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

export default defineConfig({
  plugins: [
    vue(),
    AutoImport({ resolvers: [ElementPlusResolver()], dts: 'src/auto-imports.d.ts' }),
    Components({ resolvers: [ElementPlusResolver()], dts: 'src/components.d.ts' }),
  ],
  define: {
    // vue-i18n: messages are compiled without eval (CSP has no 'unsafe-eval').
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    target: 'es2020',
    sourcemap: false,
    manifest: true, // scripts/web-size.mjs reads it to report what the first page loads
    chunkSizeWarningLimit: 800,
  },
  server: {
    // npm run dev proxies the API to a running server (MINSHENG_API, default :8080).
    proxy: { '/api': process.env.MINSHENG_API || 'http://127.0.0.1:8080' },
  },
})
