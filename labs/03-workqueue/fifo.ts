/**
 * A FIFO with O(1) push and shift. `Array.prototype.shift()` moves every
 * element, so a queue of 100,000 keys would spend its time copying; here the
 * head only moves forward, and the array is compacted once half of it is spent.
 */
export class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  /** Items waiting; len() like the work queue's (client-go's Len()). */
  len(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head]!;
    this.items[this.head] = undefined as T; // let it be collected
    this.head++;
    if (this.head > 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
