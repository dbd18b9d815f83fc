#include "bot/slack/form.hpp"

#include <boost/url/parse_query.hpp>
#include <boost/url/params_view.hpp>

#include "core/text.hpp"

namespace goalpost::bot {

std::optional<std::map<std::string, std::string>> parse_form(std::string_view body) {
    // Validate without throwing first; the (string, options) constructor then cannot fail.
    if (!boost::urls::parse_query(body)) return std::nullopt;
    boost::urls::encoding_opts opt;
    opt.space_as_plus = true;
    boost::urls::params_view params(boost::core::string_view(body.data(), body.size()), opt);
    std::map<std::string, std::string> out;
    for (auto param : params) {
        // Percent-decoding yields any bytes; keep only well-formed UTF-8 past this point.
        out.emplace(core::sanitize_utf8(param.key),
                    param.has_value ? core::sanitize_utf8(param.value) : std::string());
    }
    return out;
}

}  // namespace goalpost::bot
