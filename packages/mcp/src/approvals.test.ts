import { describe, expect, it } from "vitest";
import { approvalForm, decisionFromAnswer } from "./approvals.ts";

describe("decisionFromAnswer (the client's answer: untrusted)", () => {
  it.each([
    [{ action: "accept", content: { approve: true } }, { approved: true }],
    [
      { action: "accept", content: { approve: true, input: ' {"a":1} ' } },
      { approved: true, input: { a: 1 } },
    ],
    [{ action: "accept", content: { approve: true, input: "" } }, { approved: true }],
    [
      { action: "accept", content: { approve: false, reason: "no" } },
      { approved: false, reason: "no" },
    ],
    [{ action: "accept", content: { approve: false } }, { approved: false }],
  ])("reads %j", (answer, decision) => {
    expect(decisionFromAnswer(answer)).toEqual(decision);
  });

  it.each([
    [{ action: "accept", content: { approve: "true" } }, undefined],
    [{ action: "accept", content: { approve: 1 } }, undefined],
    [{ action: "accept" }, undefined],
    [{ action: "decline", content: { approve: true } }, "the user declined"],
    [{ action: "cancel" }, "the user cancelled"],
    [{ action: "ACCEPT", content: { approve: true } }, "the user cancelled"],
    [null, "no answer came back"],
    ["accept", "no answer came back"],
    [
      { action: "accept", content: { approve: true, input: "{nope" } },
      expect.stringContaining("the edited input is not valid JSON"),
    ],
  ])("denies anything but an accepted approve: true (%j)", (answer, reason) => {
    const decision = decisionFromAnswer(answer);
    expect(decision.approved).toBe(false);
    if (reason !== undefined) expect(decision).toEqual({ approved: false, reason });
  });
});

describe("approvalForm", () => {
  it("names the call, cuts a long input and asks for approve, reason and input", () => {
    const form = approvalForm({
      id: "p-1",
      binding: "fs.write_file",
      path: ["fs", "write_file"],
      input: { path: "/a", content: "x".repeat(3000) },
      reason: "writes files",
    });
    expect(form.message).toContain("tools.fs.write_file (fs.write_file)");
    expect(form.message).toMatch(/… \(\d+ more characters NOT SHOWN/);
    expect(form.message.length).toBeLessThan(2300);
    expect(form.message).toContain("Why it needs approval: writes files");
    expect(Object.keys(form.requestedSchema.properties)).toEqual(["approve", "reason", "input"]);
    expect(form.requestedSchema.required).toEqual(["approve"]);
  });
});
