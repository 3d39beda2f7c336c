import { factTopics, type FactTopic } from '../../../chaos/scenario/schema.js';

// The words people use for each live fact. Plain \b suffices: every alternative starts and
// ends on a letter or digit. Singular "ticket" is left out on purpose: in an incident it is
// nearly always a Jira ticket (PERF-812), not a seat ticket.
const words: Record<FactTopic, RegExp> = {
  duplicates: /\b(?:duplicat\w*|dupes?|dups|(?:shipped|ships|shipping)\s+twice|double[-\s](?:shipments?|shipped|shipping|batch(?:es)?|orders?|quantit(?:y|ies)))\b/i,
  deploys: /\b(?:(?:re)?deploy\w*|releas\w*|roll(?:ed|ing)?[-\s]?outs?|commit\w*|chang(?:e|es|ed)|PERF-\d+|diffs?|merged?)\b/i,
  infra: /\b(?:infra\w*|terraform|network\w*|platform\s+chang\w*|PLAT-\d+|elasticache|dns|vpc)\b/i,
  pool: /\b(?:pool\w*|connections?)\b/i,
  breaker: /\b(?:breakers?|circuit\w*|503s?|half[-\s]open)\b/i,
  webhooks: /\b(?:webhooks?|time[-\s]?outs?|timed\s+out|timing\s+out|retr(?:y|ies|ied|ying)|partner\s+acks?|acks?|acknowledg\w*|idempotency\w*)\b/i,
  backlog: /\b(?:backlog\w*|lag\w*|streams?|queue\w*|pending|re-?driv\w*|stuck|not\s+shipp\w*|nothing\s+ship\w*)\b/i,
  flags: /\b(?:flags?|feature[-\s]flags?|kill[-\s]?switch\w*|paus(?:e|ed|es|ing)|fulfillmentDispatchPaused|toggles?)\b/i,
  alerts: /\b(?:alert\w*|paging|paged|firing|fired|disk\w*|pagerduty)\b/i,
  seating: /\b(?:seat(?:s|ing)?|ticketing|tickets|TIX-\d+|double-?booked)\b/i,
  clock: /\b(?:timestamps?|clocks?|time[-\s]?zones?|timezones?|skew\w*|ntp|utc)\b/i,
  orders: /\b(?:orders?|checkouts?|sales?|traffic|shoppers?|revenue|carts?)\b/i,
};

/** The live-data topics a message is about, in the schema's order, each once. */
export function topicsOf(text: string): FactTopic[] {
  return factTopics.filter((topic) => words[topic].test(text));
}
