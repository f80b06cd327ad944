// Target lists (任务清单): the shapes the pages use, each a generated schema,
// and the arithmetic they share — a task's children from the flat list the
// server gives parents first, the lights counted, the points behind plan.
import type { components } from '../api/schema'
import type { Light } from '../api/types'

export type TargetList = components['schemas']['TargetList']
export type TargetListed = components['schemas']['TargetListed']
export type TargetTask = components['schemas']['TargetTask']
export type TargetReport = components['schemas']['TargetReport']

/** The four lights (x-enums.target_light), in the order the summary shows them. */
export const LIGHTS: Light[] = ['red', 'yellow', 'green', 'blue']

export function lightOf(task: TargetTask): Light {
  return (LIGHTS as string[]).includes(task.light) ? (task.light as Light) : 'green'
}

/** A task and its sub-tasks, in the server's order. */
export interface TaskNode {
  task: TargetTask
  children: TaskNode[]
}

/** The tree of a list's tasks (the items come parents first). */
export function taskTree(items: TargetTask[]): TaskNode[] {
  const byId = new Map<number, TaskNode>()
  const roots: TaskNode[] = []
  for (const task of items) {
    const node = { task, children: [] }
    byId.set(task.id, node)
    const parent = task.parent_id === null ? undefined : byId.get(task.parent_id)
    ;(parent ? parent.children : roots).push(node)
  }
  return roots
}

/** How many tasks show each light. */
export function lightCounts(items: TargetTask[]): Record<Light, number> {
  const n: Record<Light, number> = { red: 0, yellow: 0, green: 0, blue: 0 }
  for (const i of items) n[lightOf(i)]++
  return n
}

/** Percentage points of progress behind the plan (0 when ahead), to one decimal. */
export function behind(task: TargetTask): number {
  const d = Number(task.planned.percent) - Number(task.progress.percent)
  return d > 0 ? Math.round(d * 10) / 10 : 0
}

/** A task without an indicator of its own takes its progress from its sub-tasks. */
export function hasIndicator(task: TargetTask): boolean {
  return task.subtasks === 0 || task.indicator !== ''
}
