// Strings of the responsible unit's pages.
export default {
  'zh-CN': {
    unit: {
      title: '承办单位工作台',
      ours: '本单位：{name}',
      projects: '{year}年度 · 本单位承办的项目',
      none: '本年度暂无由本单位承办的候选项目。',
      noCycles: '本届人大尚无年度项目。',
      status: '票决结果',
      pending: '尚未票决',
      selectedNote: '已确定为民生实事项目',
      supervision: '项目实施进度的填报与代表监督、评议，将在后续版本中提供。',
    },
  },
  en: {
    unit: {
      title: 'Responsible unit',
      ours: 'Your unit: {name}',
      projects: '{year} · projects assigned to your unit',
      none: 'No candidate project of this round is assigned to your unit.',
      noCycles: 'This congress has no rounds yet.',
      status: 'Vote result',
      pending: 'Not voted yet',
      selectedNote: 'Chosen as a livelihood project',
      supervision: 'Progress reports, deputies’ oversight and the year-end evaluation come in a later version.',
    },
  },
}
