// ElMessage and ElMessageBox with their styles (import them from here): the on-demand resolver styles
// only components used in templates, so imported services bring their own CSS.
import { ElMessage, ElMessageBox } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'

export { ElMessage, ElMessageBox }
