import { describe, expect, it } from "vitest";
import { FairQueue } from "./scheduler.ts";

describe("FairQueue", () => {
  it("serves owners round-robin, each in FIFO order", () => {
    const q = new FairQueue<string, string>();
    for (const item of ["a1", "a2", "a3", "a4"]) q.push("a", item);
    q.push("b", "b1");
    q.push("c", "c1");
    q.push("b", "b2");
    expect(q.size).toBe(7);
    expect([q.sizeOf("a"), q.sizeOf("b"), q.sizeOf("zz")]).toEqual([4, 2, 0]);
    const order: string[] = [];
    for (let item = q.shift(); item !== undefined; item = q.shift()) order.push(item);
    expect(order).toEqual(["a1", "b1", "c1", "a2", "b2", "a3", "a4"]);
    expect(q.size).toBe(0);
  });

  it("puts a retried item back at the front of its owner's queue", () => {
    const q = new FairQueue<string, string>();
    q.push("a", "a2");
    q.unshift("a", "a1");
    expect([q.shift(), q.shift(), q.shift()]).toEqual(["a1", "a2", undefined]);
  });

  it("removes one item, or every item of an owner, and keeps the count", () => {
    const q = new FairQueue<string, string>();
    q.push("a", "a1");
    q.push("b", "b1");
    q.push("a", "a2");
    expect(q.remove("a", "a1")).toBe(true);
    expect(q.remove("a", "zz")).toBe(false);
    expect(q.removeOwner("b")).toEqual(["b1"]);
    expect(q.size).toBe(1);
    expect(q.shift()).toBe("a2");
    q.push("c", "c1");
    expect(q.drain()).toEqual(["c1"]);
    expect(q.size).toBe(0);
    expect(q.shift()).toBeUndefined();
  });
});
