// Trello: how many cards a list holds.
// https://developer.atlassian.com/cloud/trello/rest/api-group-lists/#api-lists-id-cards-get
// The key and token travel in the query (Trello's documented form), so no URL is ever quoted.
#include <fmt/format.h>

#include "bot/sources/http_reading.hpp"
#include "bot/sources/kinds.hpp"

namespace goalpost::bot::sources {

namespace {

class Trello final : public PlatformSource {
public:
    Trello(const config::SourcesSettings& settings, OutboundHttp& http)
        : PlatformSource(settings, http,
                         {.name = "Trello",
                    .address_key = "sources.trello.base_url",
                    .credentials = "sources.trello.api_key and sources.trello.token",
                    .request = "the list id",
                    .request_hint =
                        "check the list id (open a card of the list, add .json to its address and "
                        "look for idList)",
                    // https://developer.atlassian.com/cloud/trello/guides/rest-api/rate-limits/: 10 s windows
                    .rate_limit_wait = 10,
                    .secrets = credentials_in(settings)}) {}

private:
    Reading count(const std::vector<std::string>& args, core::Time) override {
        if (args.size() != 1 || args[0].empty()) {
            return refused("A trello source needs one list id: trello 5abbe4b7ddc1b351ef961414");
        }
        if (auto key = missing_setting("trello", settings_)) {
            return refused(fmt::format("Trello is not set up: set {}", *key));
        }
        OutboundRequest request;
        // fields=id: the smallest card objects; only their number matters.
        request.url =
            url_of(settings_.trello.base_url,
                   fmt::format("/1/lists/{}/cards?fields=id&key={}&token={}", percent_encode(args[0]),
                               percent_encode(*settings_.trello.api_key), percent_encode(*settings_.trello.token)));
        auto body = json_body(http_.send(request), platform_);
        if (!body) return body.error();
        const auto* cards = body->if_array();
        if (cards == nullptr) return refused("Trello answered without a list of cards: check sources.trello.base_url");
        return Reading{static_cast<double>(cards->size()), {}, false, std::nullopt};
    }
};

}  // namespace

std::unique_ptr<Source> make_trello(const config::SourcesSettings& settings, OutboundHttp& http) {
    return std::make_unique<Trello>(settings, http);
}

}  // namespace goalpost::bot::sources
