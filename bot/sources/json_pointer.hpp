#pragma once
// JSON Pointer (RFC 6901): "/data/num_tasks" names one value in a JSON document. A url source
// reads its number at a pointer the admin configured; the other kinds name their fields so.
#include <string>
#include <string_view>

#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

namespace goalpost::bot::sources {

// The value `pointer` refers to in `document`, or why there is none, in words that name the
// part of the pointer that failed ("/data has no member \"num_tasks\"", "\"m~2n\" is not a
// valid pointer: ..."). "" is the whole document. A URI fragment ("#/a%20b") must be decoded
// by the caller first.
boost::system::result<const boost::json::value*, std::string> find_pointer(const boost::json::value& document,
                                                                           std::string_view pointer);

}  // namespace goalpost::bot::sources
