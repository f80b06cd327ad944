// The rule of a poll in words, computed in the browser while the clerk sets a
// poll up. A faithful port of ms_count_rule_text_zh / _en (src/count/count.c),
// so the preview reads exactly as the server will print it on the ballot.
import type { BallotForm, ThresholdBase } from '../api/types'

export interface RuleParams {
  form: BallotForm
  nCandidates: number
  slots: number
  maxApprovals: number
  base: ThresholdBase
  num: number
  den: number
  strict: boolean
  deputiesAll: number
  deputiesPresent: number
  budget: number | null
}

function group(v: number): string {
  return String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

function moneyEn(v: number): string {
  return (v < 0 ? '-' : '') + group(Math.abs(v)) + ' yuan'
}

function moneyZh(v: number): string {
  const m = Math.abs(v)
  const sign = v < 0 ? '-' : ''
  if (m >= 100000000 && m % 100000000 === 0) return sign + m / 100000000 + '亿元'
  if (m >= 10000 && m % 10000 === 0) return sign + m / 10000 + '万元'
  return sign + m + '元'
}

const DIGIT = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']

function cnSmall(v: number): string {
  if (v >= 10) return (Math.floor(v / 10) > 1 ? DIGIT[Math.floor(v / 10)] : '') + '十' + (v % 10 ? DIGIT[v % 10] : '')
  return DIGIT[v]
}

function fracZh(num: number, den: number): string {
  if (num >= 1 && num < den && den <= 99) return `${cnSmall(den)}分之${cnSmall(num)}（${num}/${den}）`
  return `${num}/${den}`
}

function budgetEn(b: number): string {
  return `, within a budget of ${moneyEn(b)}: a project whose cost no longer fits the money left is passed over for the next one`
}

function budgetZh(b: number): string {
  return `，入选项目投资总额以预算${moneyZh(b)}为限，剩余资金不足的项目跳过，由后续项目依次递补`
}

export function ruleTextEn(p: RuleParams): string {
  const hasBudget = p.budget !== null
  let s = ''
  if (p.form === 'ranked') {
    s += `Deputies number up to ${p.maxApprovals} of the ${p.nCandidates} projects in order of priority; the first gets ${p.nCandidates} points, the next one point less, and so on; the ${p.slots}`
    s += p.slots === 1 ? ' with the most points is chosen' : ' with the most points are chosen'
    if (hasBudget) s += budgetEn(p.budget!)
    return s + '; a tie at the cut goes to a run-off.'
  }
  if (p.form === 'approve_oppose') {
    s += `Deputies vote approve, oppose or abstain on each of the ${p.nCandidates}`
    s += p.nCandidates === 1 ? ' project; ' : ' projects; '
  } else {
    s += `Deputies approve up to ${p.maxApprovals} of ${p.nCandidates}`
    s += p.nCandidates === 1 ? ' project; ' : ' projects; '
  }
  if (p.num === 0) {
    s += p.strict ? 'a project needs at least one approval' : 'a project needs no minimum number of approvals'
  } else {
    s += p.base === 'cast' ? 'a project needs approvals on ' : 'a project needs approvals from '
    s += p.strict ? 'more than ' : 'at least '
    s += `${p.num}/${p.den}`
    if (p.base === 'cast') s += ' of the ballots cast'
    else if (p.base === 'present') {
      if (p.deputiesPresent > 0)
        s += ` of the ${p.deputiesPresent}` + (p.deputiesPresent === 1 ? ' deputy present' : ' deputies present')
      else s += ' of the deputies present'
    } else if (p.deputiesAll > 1) s += ` of all ${p.deputiesAll} deputies`
    else if (p.deputiesAll === 1) s += ' of the 1 deputy'
    else s += ' of all deputies'
  }
  s += p.slots === 1 ? '; the one with the most approvals is chosen' : `; the ${p.slots} with the most approvals are chosen`
  if (hasBudget)
    s += budgetEn(p.budget!) + '; a tie at the cut, when there are not enough places or money left for all the tied projects, goes to a run-off.'
  else s += '; a tie at the cut goes to a run-off.'
  return s
}

export function ruleTextZh(p: RuleParams): string {
  const hasBudget = p.budget !== null
  let s = ''
  if (p.form === 'ranked') {
    s += `代表按优先次序为${p.nCandidates}个候选项目中的最多${p.maxApprovals}个排序；排第1位的得${p.nCandidates}分，其后每位少1分；按得分多少取前${p.slots}个`
    if (hasBudget) s += budgetZh(p.budget!)
    return s + '；得分相同而名额不足时，对相关项目再次投票。'
  }
  if (p.form === 'approve_oppose') s += `代表对${p.nCandidates}个候选项目逐项表决，可投赞成、反对或弃权；`
  else s += `每位代表最多赞成${p.nCandidates}个候选项目中的${p.maxApprovals}个；`
  const half = p.num === 1 && p.den === 2
  if (p.num === 0) {
    s += p.strict ? '项目须获得至少1票赞成票方可通过' : '项目无最低赞成票要求'
  } else if (p.base === 'cast') {
    s += p.strict ? '项目的赞成票须超过所投选票的' : '项目的赞成票须达到所投选票的'
    s += half ? '半数（1/2）' : fracZh(p.num, p.den)
    s += '方可通过'
  } else {
    s += '项目须获得'
    if (p.base === 'present') s += p.deputiesPresent > 0 ? `出席会议的${p.deputiesPresent}名代表` : '出席会议代表'
    else s += p.deputiesAll > 0 ? `全体${p.deputiesAll}名代表` : '全体代表'
    if (half) s += p.strict ? '过半数（超过1/2）赞成票' : '半数以上（不少于1/2）赞成票'
    else s += (p.strict ? '中超过' : '中不少于') + fracZh(p.num, p.den) + '的赞成票'
    s += '方可通过'
  }
  s += p.slots === 1 ? '；取得票最多的1个' : `；按得票多少取前${p.slots}个`
  if (hasBudget) s += budgetZh(p.budget!) + '；得票相同而名额或资金不足时，对相关项目再次投票。'
  else s += '；得票相同而名额不足时，对相关项目再次投票。'
  return s
}
