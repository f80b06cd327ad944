// Vite build of Minsheng's front end. Element Plus components and their CSS are
// imported on demand (unplugin-vue-components + ElementPlusResolver), so only
// what a page uses is bundled; the output in dist/ is served by `minsheng serve`.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import AutoImport from 'unplugin-auto-import/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite'
import { fileURLToPath } from 'node:url'

export default defineConfig({
  plugins: [
    vue(),
    // Messages are compiled at build time and the runtime-only vue-i18n is
    // bundled: no message compiler in the browser, and no eval (the CSP forbids it).
    VueI18nPlugin({
      include: [fileURLToPath(new URL('./src/*/locale/*.json5', import.meta.url))],
      runtimeOnly: true,
      compositionOnly: true,
      fullInstall: true,
      strictMessage: false,
      escapeHtml: false,
    }),
    AutoImport({ resolvers: [ElementPlusResolver()], dts: 'src/auto-imports.d.ts' }),
    // Only Element Plus is resolved by name; the app's own components are
    // imported where they are used (dirs: none).
    Components({ dirs: [], resolvers: [ElementPlusResolver()], dts: 'src/components.d.ts' }),
  ],
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
