#pragma once
// What every command family's header declares besides its commands: a parser that reads on
// after the family's verb, the help lines of its topics and one handler per command; and
// the mistakes people make, written for them.
#include <span>
#include <string>
#include <utility>

#include <boost/system/result.hpp>

namespace goalpost::core {

class Context;         // commands/context.hpp
class Cursor;          // commands/grammar.hpp
struct HelpLine;       // commands/help.hpp
struct Message;        // message.hpp
struct Outcome;        // commands/context.hpp
struct ParseResult;    // commands/command.hpp

// What the user did wrong and what to type instead. Both are message markup (message.hpp):
// any text the user typed in them went through escape_text.
struct UserError {
    // What kind of refusal it is, for callers that answer with a status rather than a
    // sentence (the REST API: 400, 404, 403).
    enum class Reason { invalid, not_found, forbidden };

    UserError() = default;
    // Both always: a lone string is never taken for a UserError (see UserResult<std::string>).
    UserError(std::string what_, std::string hint_, Reason reason_ = Reason::invalid)
        : what(std::move(what_)), hint(std::move(hint_)), reason(reason_) {}

    std::string what;  // "KR-99 doesn't exist in this workspace."
    std::string hint;  // "/okr list mine" (a command to type), may be empty
    Reason reason = Reason::invalid;
};

// A value, or the mistake to answer with instead.
template <class T>
using UserResult = boost::system::result<T, UserError>;

}  // namespace goalpost::core
