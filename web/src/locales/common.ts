// Strings shared by every page: the frame, navigation, roles, phases, statuses, errors.
export default {
  'zh-CN': {
    app: { name: '民生实事项目票决', short: '民生', skip: '跳到主要内容' },
    nav: {
      home: '首页', login: '登录', logout: '退出', clerk: '工作台', deputy: '代表投票', unit: '承办项目',
      language: '语言', toEnglish: 'English', toChinese: '中文',
    },
    role: { admin: '管理员', clerk: '工作人员', deputy: '人大代表', unit: '承办单位' },
    phase: { collect: '征集', compile: '编制', vote: '票决', implement: '实施', evaluate: '评议', closed: '结束' },
    pollStatus: { draft: '未开始', open: '投票中', closed: '已结束' },
    form: { pick: '限额赞成票', approve_oppose: '赞成/反对/弃权', ranked: '排序投票' },
    common: {
      search: '搜索', save: '保存', cancel: '取消', create: '新建', edit: '编辑', back: '返回', confirm: '确认',
      loading: '加载中…', empty: '暂无数据', total: '共 {n} 条', actions: '操作', yes: '是', no: '否',
      required: '必填', close: '关闭', refresh: '刷新', saved: '已保存', details: '详情', none: '无',
    },
    login: {
      title: '登录', login: '账号', password: '密码', submit: '登录', failed: '账号或密码错误',
      demo: '演示账号：工作人员 clerk / clerk-demo，代表 deputy01 / deputy-demo',
    },
    apiError: {
      invalid_json: '请求格式有误', unknown_field: '含有不认识的字段', invalid_field: '字段填写有误', missing_field: '缺少必填项',
      invalid_request: '请求有误', unauthenticated: '请先登录', bad_credentials: '账号或密码错误', forbidden: '没有权限执行此操作',
      csrf: '页面已过期，请刷新后重试', not_found: '找不到该对象', method_not_allowed: '不支持此操作',
      already_voted: '您已投过票，不能重复投票', poll_not_open: '投票未开始或已结束', poll_not_draft: '投票已开始，不能再修改',
      poll_not_closed: '投票尚未结束', no_quorum: '签到人数未达到法定人数，不能开始投票', not_checked_in: '请先到签到处签到',
      wrong_phase: '当前阶段不能进行此操作', duplicate: '与已有记录重复', payload_too_large: '提交的内容过大',
      too_many_approvals: '赞成的项目超过了允许的数量，请修改', unknown_candidate: '选票上有不属于本次投票的项目',
      duplicate_choice: '同一项目不能重复选择', not_competitive: '候选项目数必须多于应选名额（差额）', invalid_value: '填写的值无效',
      invalid_csv: 'CSV 文件中有错误，未保存任何数据', invalid_pb: 'Pabulib 文件有误', unsupported_form: '此表决方式不支持该操作',
      busy: '服务器繁忙，请稍后重试', internal_error: '服务器内部错误，请联系管理员',
    },
    error: {
      network: '无法连接服务器，请检查网络后重试。', notFound: '页面不存在', generic: '出错了：{msg}',
      forbidden: '没有权限执行此操作', unauthenticated: '请先登录',
    },
  },
  en: {
    app: { name: 'Livelihood Projects Vote', short: 'Minsheng', skip: 'Skip to main content' },
    nav: {
      home: 'Home', login: 'Log in', logout: 'Log out', clerk: 'Workspace', deputy: 'Vote', unit: 'Our projects',
      language: 'Language', toEnglish: 'English', toChinese: '中文',
    },
    role: { admin: 'Administrator', clerk: 'Clerk', deputy: 'Deputy', unit: 'Responsible unit' },
    phase: { collect: 'Collect', compile: 'Compile', vote: 'Vote', implement: 'Implement', evaluate: 'Evaluate', closed: 'Closed' },
    pollStatus: { draft: 'Not started', open: 'Voting', closed: 'Closed' },
    form: { pick: 'Approve up to N', approve_oppose: 'Approve / oppose / abstain', ranked: 'Ranked' },
    common: {
      search: 'Search', save: 'Save', cancel: 'Cancel', create: 'New', edit: 'Edit', back: 'Back', confirm: 'Confirm',
      loading: 'Loading…', empty: 'Nothing here yet', total: '{n} in all', actions: 'Actions', yes: 'Yes', no: 'No',
      required: 'required', close: 'Close', refresh: 'Refresh', saved: 'Saved', details: 'Details', none: 'None',
    },
    login: {
      title: 'Log in', login: 'Login', password: 'Password', submit: 'Log in', failed: 'Wrong login or password',
      demo: 'Demo logins: clerk clerk / clerk-demo, deputy deputy01 / deputy-demo',
    },
    error: {
      network: 'Cannot reach the server. Check the connection and try again.', notFound: 'Page not found',
      generic: 'Something went wrong: {msg}', forbidden: 'You may not do this', unauthenticated: 'Please log in first',
    },
  },
}
