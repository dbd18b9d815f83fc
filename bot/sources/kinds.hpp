#pragma once
// One factory per kind, each in its own file (jira.cpp, ...); make_source picks among them.
#include <memory>

#include "bot/sources/source.hpp"

namespace goalpost::bot::sources {

std::unique_ptr<Source> make_jira(const config::SourcesSettings& settings, OutboundHttp& http);
std::unique_ptr<Source> make_asana(const config::SourcesSettings& settings, OutboundHttp& http);
std::unique_ptr<Source> make_trello(const config::SourcesSettings& settings, OutboundHttp& http);
std::unique_ptr<Source> make_github(const config::SourcesSettings& settings, OutboundHttp& http);
std::unique_ptr<Source> make_sheets(const config::SourcesSettings& settings, OutboundHttp& http);
std::unique_ptr<Source> make_url(const config::SourcesSettings& settings, OutboundHttp& http);

}  // namespace goalpost::bot::sources
