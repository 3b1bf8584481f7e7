import { FindOperator, LessThan, MoreThan } from 'typeorm';
import { ListParams, ListResponse } from '@hookline/contracts';

export type ListOrder = 'ASC' | 'DESC';

/**
 * Keyset pagination over time-sortable ids, with Svix's iterators: `iterator` continues in the
 * list's order, an iterator prefixed with `-` goes back a page.
 */
export class KeysetPage {
  readonly backwards: boolean;
  readonly cursor: string | null;

  constructor(
    private readonly params: ListParams,
    private readonly order: ListOrder,
  ) {
    this.backwards = params.iterator?.startsWith('-') ?? false;
    this.cursor = this.backwards ? params.iterator!.slice(1) : params.iterator;
  }

  /** How ids compare to the cursor on this page, or undefined on the first page. */
  get cursorOperator(): '<' | '>' | undefined {
    if (!this.cursor) return undefined;
    return (this.order === 'ASC') !== this.backwards ? '>' : '<';
  }

  /** The condition on the id column, or undefined on the first page. */
  get idCondition(): FindOperator<string> | undefined {
    const operator = this.cursorOperator;
    if (!operator) return undefined;
    return operator === '>' ? MoreThan(this.cursor!) : LessThan(this.cursor!);
  }

  /** The order to query in; a backward page is read in reverse and flipped. */
  get queryOrder(): ListOrder {
    return this.backwards ? (this.order === 'ASC' ? 'DESC' : 'ASC') : this.order;
  }

  /** Rows to fetch: one more than the page, to know whether the list goes on. */
  get take(): number {
    return this.params.limit + 1;
  }

  toResponse<Row, Out>(rows: Row[], idOf: (row: Row) => string, map: (row: Row) => Out): ListResponse<Out> {
    const page = rows.slice(0, this.params.limit);
    if (this.backwards) page.reverse();
    const first = page[0];
    const last = page[page.length - 1];
    return {
      data: page.map(map),
      iterator: last ? idOf(last) : this.cursor,
      prevIterator: first ? `-${idOf(first)}` : null,
      done: rows.length <= this.params.limit,
    };
  }
}
