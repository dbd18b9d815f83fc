// JSON Pointer (RFC 6901) against the RFC's own examples and the errors sections 3, 4 and 7 imply.
#include <boost/test/unit_test.hpp>
#include <boost/url/pct_string_view.hpp>

#include "bot/sources/json_pointer.hpp"
#include "tests/sources/support.hpp"

using namespace goalpost;
using namespace goalpost::testing;
using bot::sources::find_pointer;
namespace json = boost::json;

namespace {

const json::value& vectors() {
    static const json::value v = json::parse(source_fixture("json-pointer-rfc6901-vectors.json"));
    return v;
}

const json::value& rfc_document() {
    static const json::value v = json::parse(source_fixture("json-pointer-rfc6901-document.json"));
    return v;
}

// What the vector expects at its pointer: a value, or the whole document.
const json::value& expected(const json::object& vector, const json::value& document) {
    return vector.contains("expected_whole_document") ? document : vector.at("expected");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_pointer)

BOOST_AUTO_TEST_CASE(finds_every_value_of_rfc_6901_section_5) {
    const auto& section = vectors().at("rfc_section_5").as_array();
    BOOST_TEST(section.size() == 12u);
    for (const auto& v : section) {
        const auto pointer = std::string(v.at("pointer").as_string());
        BOOST_TEST_CONTEXT("pointer " << pointer) {
            const auto found = find_pointer(rfc_document(), pointer);

            BOOST_TEST_REQUIRE(found.has_value(), (found ? "" : found.error()));
            BOOST_TEST(**found == expected(v.as_object(), rfc_document()));
        }
    }
}

BOOST_AUTO_TEST_CASE(finds_every_value_of_rfc_6901_section_6_once_the_fragment_is_decoded) {
    const auto& section = vectors().at("rfc_section_6_uri_fragments").as_array();
    BOOST_TEST(section.size() == 12u);
    for (const auto& v : section) {
        const auto fragment = std::string(v.at("fragment").as_string());
        BOOST_TEST_CONTEXT("fragment " << fragment) {
            const auto pointer = boost::urls::pct_string_view(fragment.substr(1)).decode();

            const auto found = find_pointer(rfc_document(), pointer);

            BOOST_TEST_REQUIRE(found.has_value(), (found ? "" : found.error()));
            BOOST_TEST(**found == expected(v.as_object(), rfc_document()));
        }
    }
}

BOOST_AUTO_TEST_CASE(reads_array_indexes_and_decodes_tilde_one_before_tilde_zero) {
    for (const auto& v : vectors().at("extra_derived").as_array()) {
        const auto& o = v.as_object();
        const auto pointer = std::string(o.at("pointer").as_string());
        BOOST_TEST_CONTEXT("pointer " << pointer) {
            const auto& document = o.contains("document_inline") ? o.at("document_inline") : rfc_document();

            const auto found = find_pointer(document, pointer);

            BOOST_TEST_REQUIRE(found.has_value());
            BOOST_TEST(**found == o.at("expected"));
        }
    }
}

BOOST_AUTO_TEST_CASE(refuses_every_derived_error) {
    for (const auto& v : vectors().at("errors_derived").as_array()) {
        const auto pointer = std::string(v.at("pointer").as_string());
        BOOST_TEST_CONTEXT("pointer " << pointer << ": " << v.at("why").as_string()) {
            const auto found = find_pointer(rfc_document(), pointer);

            BOOST_TEST(!found.has_value());
            BOOST_TEST(!(found ? std::string() : found.error()).empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(an_empty_token_is_no_array_index) {
    // Boost.JSON 1.81's find_pointer reads "/foo//x"'s empty token as index 0.
    BOOST_TEST(!find_pointer(rfc_document(), "/foo/").has_value());
    BOOST_TEST(!find_pointer(rfc_document(), "/foo//x").has_value());
}

BOOST_AUTO_TEST_CASE(errors_say_which_part_of_the_pointer_failed) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"foo", "\"foo\" is not a JSON Pointer: it must be empty or start with \"/\""},
        {"/m~2n", "\"/m~2n\" is not a JSON Pointer: write ~0 for \"~\" and ~1 for \"/\" in a name"},
        {"/nope/~2", "\"/nope/~2\" is not a JSON Pointer: write ~0 for \"~\" and ~1 for \"/\" in a name"},
        {"/nope", "the document has no member \"nope\""},
        {"/foo/2", "\"/foo\" has 2 elements, so there is no element 2"},
        {"/foo/-", "\"/foo\" is a list, and \"-\" is not a position in it (0, 1, ...)"},
        {"/foo/01", "\"/foo\" is a list, and \"01\" is not a position in it (0, 1, ...)"},
        {"/foo/0/x", "\"/foo/0\" is a string, so it has no \"x\""},
        {"/a~1b/c", "\"/a~1b\" is a number, so it has no \"c\""},
    };
    for (const auto& [pointer, message] : cases) {
        BOOST_TEST_CONTEXT(pointer) {
            const auto found = find_pointer(rfc_document(), pointer);

            BOOST_TEST_REQUIRE(!found.has_value());
            BOOST_TEST(found.error() == message);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
