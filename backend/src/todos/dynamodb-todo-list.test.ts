import { describe, expect, it } from 'vitest';
import { DUE_INDEX, POSITION_INDEX, queryPlan } from './dynamodb-todo-list';
import type { ListOptions } from './todo-store';

const base: ListOptions = { status: 'all', sort: 'created', words: [], limit: 25 };
const TODAY = '2030-06-15';

describe('queryPlan', () => {
  it('lists newest first from the table, above the counter item, with no filter', () => {
    const plan = queryPlan('u', base);
    expect(plan.indexName).toBeUndefined();
    expect(plan).toMatchObject({ forward: false, filters: [] });
    expect(plan.keyCondition).toBe('userId = :userId AND todoId >= :first');
  });

  it.each([
    ['today', 'dueSort BETWEEN :lo AND :hi', { ':lo': `${TODAY}#`, ':hi': `${TODAY}#~` }, []],
    ['upcoming', 'dueSort BETWEEN :lo AND :hi', { ':lo': `${TODAY}#~`, ':hi': '9999-12-31#~' }, []],
    ['overdue', 'dueSort < :today', { ':today': TODAY }, ['completed = :notDone']],
    ['none', 'begins_with(dueSort, :undated)', { ':undated': '~#' }, []],
  ] as const)('sorted by due date, due=%s is a key range of byDue', (due, range, values, filters) => {
    const plan = queryPlan('u', { ...base, sort: 'due', due, today: TODAY });
    expect(plan.indexName).toBe(DUE_INDEX);
    expect(plan.forward).toBe(true);
    expect(plan.keyCondition).toBe(`userId = :userId AND ${range}`);
    expect(plan.values).toMatchObject(values);
    expect(plan.filters).toEqual(filters);
  });

  it('in manual order, reads byPosition ascending and filters the due view', () => {
    const plan = queryPlan('u', { ...base, sort: 'manual', due: 'today', today: TODAY });
    expect(plan.indexName).toBe(POSITION_INDEX);
    expect(plan.forward).toBe(true);
    expect(plan.filters).toEqual(['dueDate = :dueToday']);
  });

  it('requires every search word in title, description or notes, with the other filters', () => {
    const plan = queryPlan('u', {
      ...base,
      status: 'open',
      label: 'home',
      priority: 'none',
      words: ['oat', 'corner'],
    });
    expect(plan.filters).toEqual([
      'completed = :completed',
      'contains(labelKeys, :label)',
      '(attribute_not_exists(#priority) OR #priority = :priority)',
      '(contains(titleLower, :w0) OR contains(descriptionLower, :w0) OR contains(notesLower, :w0))',
      '(contains(titleLower, :w1) OR contains(descriptionLower, :w1) OR contains(notesLower, :w1))',
    ]);
    expect(plan.values).toMatchObject({
      ':w0': 'oat',
      ':w1': 'corner',
      ':completed': false,
      ':label': 'home',
    });
  });
});
