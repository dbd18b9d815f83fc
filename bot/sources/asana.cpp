// Asana: how many tasks of a project are completed, incomplete, or all of them.
// https://developers.asana.com/reference/gettaskcountsforproject
#include <fmt/format.h>

#include "bot/sources/http_reading.hpp"
#include "bot/sources/kinds.hpp"

namespace goalpost::bot::sources {

namespace {

// Every field of task_counts is opt-in and costs rate limit, so exactly one is asked for.
std::optional<std::string_view> field_for(std::string_view mode) {
    if (mode == "completed") return "num_completed_tasks";
    if (mode == "incomplete") return "num_incomplete_tasks";
    if (mode == "all") return "num_tasks";
    return std::nullopt;
}

class Asana final : public PlatformSource {
public:
    Asana(const config::SourcesSettings& settings, OutboundHttp& http)
        : PlatformSource(settings, http,
                         {.name = "Asana",
                    .address_key = "sources.asana.base_url",
                    .credentials = "sources.asana.token",
                    .request_hint = "check the project gid (the number in the project's URL)",
                    .forbidden_hint = "check sources.asana.token and that its owner is a member of the project",
                    .secrets = credentials_in(settings)}) {}

private:
    Reading count(const std::vector<std::string>& args, core::Time) override {
        const auto field = args.size() == 2 ? field_for(args[1]) : std::nullopt;
        if (!field || args[0].empty()) {
            return refused(
                "An asana source needs a project gid and completed, incomplete or all: asana 1201234567890 completed");
        }
        if (auto key = missing_setting("asana", settings_)) {
            return refused(fmt::format("Asana is not set up: set {}", *key));
        }
        OutboundRequest request;
        request.url = url_of(settings_.asana.base_url,
                             fmt::format("/projects/{}/task_counts?opt_fields={}", percent_encode(args[0]), *field));
        request.headers = {{"Authorization", "Bearer " + *settings_.asana.token}};
        auto body = json_body(http_.send(request), platform_);
        if (!body) return body.error();
        return number_at(*body, fmt::format("/data/{}", *field), fmt::format("data.{}", *field), platform_);
    }
};

}  // namespace

std::unique_ptr<Source> make_asana(const config::SourcesSettings& settings, OutboundHttp& http) {
    return std::make_unique<Asana>(settings, http);
}

}  // namespace goalpost::bot::sources
