/**
 * The waiting room of a sandbox pool: one FIFO per runtime, served round-robin, so a runtime
 * that queues a thousand runs delays another runtime's next run by at most one run per busy
 * runtime, not by a thousand.
 */

/** A bounded set of per-owner FIFO queues, taken from in round-robin order. */
export class FairQueue<Owner, Item> {
  /** Owners with waiting items, in serving order; each owner appears at most once. */
  private readonly order: Owner[] = [];
  private readonly queues = new Map<Owner, Item[]>();
  private count = 0;

  /** Items waiting, over every owner. */
  get size(): number {
    return this.count;
  }

  /** Items waiting for one owner. */
  sizeOf(owner: Owner): number {
    return this.queues.get(owner)?.length ?? 0;
  }

  /** Adds an item at the back of its owner's queue. */
  push(owner: Owner, item: Item): void {
    this.queueOf(owner).push(item);
    this.count++;
  }

  /** Puts an item back at the front of its owner's queue (a retry keeps its place). */
  unshift(owner: Owner, item: Item): void {
    this.queueOf(owner).unshift(item);
    this.count++;
  }

  /** Takes the next item: the head of the next owner's queue, that owner then goes last. */
  shift(): Item | undefined {
    const owner = this.order.shift();
    if (owner === undefined) return undefined;
    const queue = this.queues.get(owner)!;
    const item = queue.shift()!;
    this.count--;
    if (queue.length > 0) this.order.push(owner);
    else this.queues.delete(owner);
    return item;
  }

  /** Removes one item; true if it was waiting. */
  remove(owner: Owner, item: Item): boolean {
    const queue = this.queues.get(owner);
    const i = queue?.indexOf(item) ?? -1;
    if (!queue || i === -1) return false;
    queue.splice(i, 1);
    this.count--;
    if (queue.length === 0) this.dropOwner(owner);
    return true;
  }

  /** Removes and returns every item of an owner. */
  removeOwner(owner: Owner): Item[] {
    const queue = this.queues.get(owner) ?? [];
    this.count -= queue.length;
    this.dropOwner(owner);
    return queue;
  }

  /** Removes and returns every item. */
  drain(): Item[] {
    const all = [...this.queues.values()].flat();
    this.queues.clear();
    this.order.length = 0;
    this.count = 0;
    return all;
  }

  private queueOf(owner: Owner): Item[] {
    let queue = this.queues.get(owner);
    if (!queue) {
      queue = [];
      this.queues.set(owner, queue);
      this.order.push(owner);
    }
    return queue;
  }

  private dropOwner(owner: Owner): void {
    this.queues.delete(owner);
    const i = this.order.indexOf(owner);
    if (i !== -1) this.order.splice(i, 1);
  }
}
