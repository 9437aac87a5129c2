/** The host-side bound on a run's console output. */
import { byteLength } from "../bindings/binding-table.ts";

/** stdout/stderr of one run, bounded on the host too (the guest bounds it first). */
export class OutputBuffer {
  private readonly parts = { stdout: [] as string[], stderr: [] as string[] };
  private bytes = 0;
  dropped = 0;
  private readonly max: number;
  constructor(max: number) {
    this.max = max;
  }

  write(stream: "stdout" | "stderr", text: string): string {
    const size = byteLength(text);
    if (this.bytes + size <= this.max) {
      this.bytes += size;
      this.parts[stream].push(text);
      return text;
    }
    const room = Math.max(0, this.max - this.bytes);
    const kept = Buffer.from(text, "utf8")
      .subarray(0, room)
      .toString("utf8")
      .replace(/\uFFFD$/, "");
    const keptBytes = byteLength(kept);
    this.bytes += keptBytes;
    this.dropped += size - keptBytes;
    if (kept) this.parts[stream].push(kept);
    return kept;
  }

  text(stream: "stdout" | "stderr"): string {
    return this.parts[stream].join("");
  }
}
