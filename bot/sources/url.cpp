// Any JSON document an admin names in sources.urls: the number at a JSON Pointer (RFC 6901).
// A string holding a number as people type it ("1,200", "45%") is read too; true, false, null,
// objects and lists are not numbers.
#include <fmt/format.h>

#include "bot/sources/http_reading.hpp"
#include "bot/sources/kinds.hpp"
#include "core/text.hpp"

namespace goalpost::bot::sources {

namespace {

class UrlSource final : public Source {
public:
    UrlSource(const config::SourcesSettings& settings, OutboundHttp& http)
        : settings_(settings), http_(http), secrets_(credentials_in(settings)) {}

    Reading read(const std::vector<std::string>& args, core::Time) override {
        if (args.size() != 2) {
            return refused("A url source needs a name from sources.urls and a JSON pointer: url metrics /data/count");
        }
        const auto* url = settings_.url(args[0]);
        if (url == nullptr) {
            return refused(fmt::format("sources.urls has no \"{}\": check the name, or ask an admin to add it",
                                       core::truncate_utf8(args[0], 40)));
        }
        const auto platform = platform_for(args[0]);
        return without_secrets(number(*url, args[1], platform), platform);
    }

private:
    const config::SourcesSettings& settings_;
    OutboundHttp& http_;
    std::vector<std::string> secrets_;

    Platform platform_for(const std::string& name) const {
        const auto key = fmt::format("sources.urls.{}", name);
        return Platform{.name = fmt::format("\"{}\"", name),
                        .address_key = key + ".url",
                        .credentials = key + ".headers",
                        .request_hint = fmt::format("check the JSON pointer and {}.url", key),
                        .secrets = secrets_};
    }

    Reading number(const config::SourcesSettings::Url& url, const std::string& pointer, const Platform& platform) {
        OutboundRequest request;
        request.url = url.url;
        request.headers = url.headers;
        auto body = json_body(http_.send(request), platform);
        if (!body) return body.error();
        return number_at(*body, pointer, fmt::format("a value at \"{}\"", core::truncate_utf8(pointer, 60)), platform);
    }
};

}  // namespace

std::unique_ptr<Source> make_url(const config::SourcesSettings& settings, OutboundHttp& http) {
    return std::make_unique<UrlSource>(settings, http);
}

}  // namespace goalpost::bot::sources
