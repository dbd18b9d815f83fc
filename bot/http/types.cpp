#include "bot/http/types.hpp"

#include <strings.h>

namespace goalpost::bot {

const std::string& HttpRequest::header(std::string_view name) const {
    static const std::string empty;
    for (const auto& [k, v] : headers) {
        if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
    }
    return empty;
}

std::string HttpRequest::path() const { return target.substr(0, target.find('?')); }

HttpResponse json_response(int status, std::string body) {
    return HttpResponse{status, "application/json", std::move(body), {}};
}

HttpResponse json_error(int status, std::string_view message) {
    std::string body = "{\"error\":\"";
    body += message;
    body += "\"}";
    return json_response(status, std::move(body));
}

HttpResponse finish(Answer answer) {
    if (auto* work = std::get_if<BlockingWork>(&answer)) return (*work)();
    return std::get<HttpResponse>(std::move(answer));
}

}  // namespace goalpost::bot
