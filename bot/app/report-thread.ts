import type { IncidentReport } from '../desk/tools/report.js';
import { REPORT_FIELDS, readReportForm, type ReportValues } from './report-form.js';

export interface Reporter {
  userId: string;
  userName: string;
  channelId: string;
}

export interface ReportThreadDeps {
  /** Posts in the channel (threadTs undefined) or in a thread; returns the message's ts. */
  say(channelId: string, threadTs: string | undefined, text: string): Promise<string>;
  /** The finished answers, read exactly as the modal's are; the caller submits them to the desk. */
  submit(report: IncidentReport, who: Reporter): Promise<void>;
}

interface Interview {
  who: Reporter;
  threadTs: string;
  /** Fields still to ask, in order; the head is the open question. */
  todo: string[];
  asked: string[];
  answers: Record<string, string>;
}

const SKIP = /^(skip|-|n\/?a|none)$/i;

/**
 * `/drill report` where modals are unavailable (a client without them, an app without the
 * interactivity scope): the same form, asked one field at a time in a thread. Answers are
 * read by the same code as the modal's, so a bad answer gets the same message and is asked
 * again; nothing is submitted until every field is valid.
 */
export function createReportThreads(deps: ReportThreadDeps) {
  const open = new Map<string, Interview>();
  const field = (block: string) => REPORT_FIELDS.find((f) => f.block === block);

  const ask = async (iv: Interview, prefix = '') => {
    const block = iv.todo[0] ?? '';
    const f = field(block);
    if (!f) return;
    const n = REPORT_FIELDS.indexOf(f) + 1;
    const optional = f.optional ? ' _(optional: reply `skip`)_' : '';
    await deps.say(iv.who.channelId, iv.threadTs, `${prefix}*${n}/${REPORT_FIELDS.length} ${f.label}* — ${f.hint}${optional}`);
  };

  const values = (answers: Record<string, string>): ReportValues =>
    Object.fromEntries(Object.entries(answers).map(([block, value]) => [block, { value: { value } }]));

  const finish = async (iv: Interview) => {
    const form = readReportForm(values(iv.answers));
    if (!form.ok) {
      // Ask again only what failed, each with the form's own message.
      iv.todo = REPORT_FIELDS.map((f) => f.block).filter((b) => form.errors[b] !== undefined);
      const first = iv.todo[0] ?? '';
      await ask(iv, `Not yet: ${Object.entries(form.errors).map(([b, m]) => `${field(b)?.label ?? b}: ${m}`).join('; ')}.\n`);
      if (iv.todo.length === 0 || first === '') open.delete(iv.threadTs);
      return;
    }
    open.delete(iv.threadTs);
    await deps.say(iv.who.channelId, iv.threadTs, 'Thanks — submitting your report; the graded report follows in the channel.');
    await deps.submit(form.report, iv.who);
  };

  return {
    /** Opens an interview: a message in the channel, the first question in its thread. */
    async start(who: Reporter): Promise<void> {
      const threadTs = await deps.say(who.channelId, undefined,
        `:memo: Incident report by <@${who.userId}>: answer in this thread, one question at a time. \`back\` redoes the previous answer, \`cancel\` stops without submitting.`);
      const iv: Interview = { who, threadTs, todo: REPORT_FIELDS.map((f) => f.block), asked: [], answers: {} };
      open.set(threadTs, iv);
      await ask(iv);
    },
    /** Whether the message answers an open question (its thread, its person). */
    owns(m: { userId: string; threadTs: string | undefined }): boolean {
      const iv = m.threadTs === undefined ? undefined : open.get(m.threadTs);
      return iv !== undefined && iv.who.userId === m.userId;
    },
    /** Takes a message as the answer to an open question; false when it is not one (another thread, another person). */
    async answer(m: { userId: string; threadTs: string | undefined; text: string }): Promise<boolean> {
      const iv = m.threadTs === undefined ? undefined : open.get(m.threadTs);
      if (!iv || iv.who.userId !== m.userId) return false;
      const text = m.text.trim();
      const block = iv.todo[0] ?? '';
      if (/^cancel$/i.test(text)) {
        open.delete(iv.threadTs);
        await deps.say(iv.who.channelId, iv.threadTs, 'Report cancelled; nothing was submitted.');
        return true;
      }
      if (/^back$/i.test(text)) {
        const previous = iv.asked.pop();
        if (previous !== undefined) iv.todo.unshift(previous);
        await ask(iv);
        return true;
      }
      const f = field(block);
      if (!f) return false;
      if (SKIP.test(text) || text === '') {
        if (!f.optional) {
          await ask(iv, 'This one is needed for the report.\n');
          return true;
        }
        iv.answers[block] = '';
      } else {
        iv.answers[block] = text;
        const read = readReportForm(values(iv.answers));
        const error = read.ok ? undefined : read.errors[block];
        if (error !== undefined) {
          await ask(iv, `${error}.\n`);
          return true;
        }
      }
      iv.todo.shift();
      iv.asked.push(block);
      if (iv.todo.length > 0) await ask(iv);
      else await finish(iv);
      return true;
    },
  };
}

export type ReportThreads = ReturnType<typeof createReportThreads>;
