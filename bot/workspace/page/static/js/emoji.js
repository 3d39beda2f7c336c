// @ts-check
/** The shortcodes coworkers and bots use most during an incident; others stay as `:code:`. */
const table = {
  '+1': '👍', thumbsup: '👍', '-1': '👎', thumbsdown: '👎', ok_hand: '👌', clap: '👏', pray: '🙏', raised_hands: '🙌', muscle: '💪', wave: '👋',
  point_up: '☝️', point_right: '👉', point_left: '👈', point_down: '👇', eyes: '👀', fire: '🔥', boom: '💥', zap: '⚡', sparkles: '✨', tada: '🎉',
  rocket: '🚀', bug: '🐛', warning: '⚠️', rotating_light: '🚨', sos: '🆘', no_entry: '⛔', stop_sign: '🛑', x: '❌', heavy_check_mark: '✔️',
  white_check_mark: '✅', ballot_box_with_check: '☑️', question: '❓', exclamation: '❗', bangbang: '‼️', heavy_plus_sign: '➕', heavy_minus_sign: '➖',
  red_circle: '🔴', large_green_circle: '🟢', green_circle: '🟢', large_yellow_circle: '🟡', yellow_circle: '🟡', large_orange_circle: '🟠',
  large_blue_circle: '🔵', white_circle: '⚪', black_circle: '⚫', smile: '😄', slightly_smiling_face: '🙂', grinning: '😀', joy: '😂', sweat_smile: '😅',
  thinking_face: '🤔', face_palm: '🤦', facepalm: '🤦', shrug: '🤷', scream: '😱', sob: '😭', cry: '😢', sunglasses: '😎', skull: '💀', ghost: '👻',
  see_no_evil: '🙈', grimacing: '😬', upside_down_face: '🙃', partying_face: '🥳', melting_face: '🫠', robot_face: '🤖', crossed_fingers: '🤞',
  fingers_crossed: '🤞', heart: '❤️', broken_heart: '💔', 100: '💯', hourglass: '⌛', hourglass_flowing_sand: '⏳', stopwatch: '⏱️', alarm_clock: '⏰',
  chart_with_upwards_trend: '📈', chart_with_downwards_trend: '📉', bar_chart: '📊', mag: '🔍', memo: '📝', pencil: '📝', clipboard: '📋', pager: '📟',
  phone: '☎️', telephone_receiver: '📞', bell: '🔔', mega: '📣', loudspeaker: '📢', calendar: '📅', link: '🔗', lock: '🔒', unlock: '🔓', key: '🔑',
  package: '📦', truck: '🚚', ticket: '🎫', admission_tickets: '🎟️', shopping_trolley: '🛒', credit_card: '💳', moneybag: '💰', hammer_and_wrench: '🛠️',
  wrench: '🔧', hammer: '🔨', gear: '⚙️', construction: '🚧', fire_engine: '🚒', ambulance: '🚑', firefighter: '🧑‍🚒', coffee: '☕', pizza: '🍕',
  arrow_up: '⬆️', arrow_down: '⬇️', arrow_right: '➡️', arrow_left: '⬅️', arrows_counterclockwise: '🔄', repeat: '🔁', leftwards_arrow_with_hook: '↩️',
  information_source: 'ℹ️', bulb: '💡', brain: '🧠', floppy_disk: '💾', computer: '💻', desktop_computer: '🖥️', satellite: '📡', test_tube: '🧪',
  white_flag: '🏳️', checkered_flag: '🏁', triangular_flag_on_post: '🚩', dart: '🎯', trophy: '🏆', thumbs_up: '👍', slightly_frowning_face: '🙁',
};

/** @type {ReadonlyMap<string, string>} */
export const emoji = new Map(Object.entries(table));

/** The quick reactions offered on a message's hover bar. */
export const quickReactions = ['eyes', 'white_check_mark', '+1', 'fire', 'pray'];

/**
 * `:fire:` → 🔥; `:fire::skin-tone-2:`-style modifiers are dropped; unknown codes stay as typed.
 * @param {string} code without colons
 * @returns {string | undefined}
 */
export function emojiFor(code) {
  return emoji.get(code.replace(/::skin-tone-\d$/, ''));
}
