#pragma once
// User text as Slack sends it to an app, turned back into what the person typed.
//
// Slack escapes three characters in every piece of user text (`&` -> `&amp;`, `<` -> `&lt;`,
// `>` -> `&gt;`) so that real angle brackets can only be its own control sequences: user and
// channel references (`<@U123|ana>`, `<#C123|growth>`), special mentions (`<!here>`,
// `<!subteam^S1|@eng>`, `<!date^...|fallback>`) and links (`<https://example.com>`,
// `<https://example.com|example.com>`, `<mailto:a@example.com|a@example.com>`).
// https://api.slack.com/reference/surfaces/formatting#escaping
//
// Pure text work, in core so that the Slack edge (bot/) and the storage migration that
// repairs rows stored before this existed use the same rules.
#include <string>
#include <string_view>

namespace goalpost::core {

// Decodes Slack's escaping exactly once, after the control sequences are taken out:
//  - `<@U123|ana>`, `<@U123>`, `<#C123|growth>`, `<#C123>` stay as they are: the command
//    parser reads the ids in them (user_ref, channel_ref);
//  - `<!here>`, `<!channel>`, `<!everyone>` become `@here` ... (what was typed; plain text
//    cannot notify anyone: only the control sequence does); `<!subteam^S1|@eng>` and
//    `<!date^...|fallback>` become their label;
//  - a link becomes its URL (`<https://x.com/?a=1&amp;b=2|x.com>` -> `https://x.com/?a=1&b=2`),
//    shown as a link again when Slack renders it; a `mailto:` or `tel:` link becomes its label;
//  - everywhere else `&amp;` `&lt;` `&gt;` become `&` `<` `>`, once: `&amp;lt;` (someone typed
//    `&lt;`) becomes `&lt;`.
// Any other `<` (Slack never sends one) and any other `&` are kept as they are.
std::string decode_slack_text(std::string_view text);

}  // namespace goalpost::core
