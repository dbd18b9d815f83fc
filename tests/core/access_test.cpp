// Who may see and change what, as pure predicates: no storage, the org as plain values.
#include <boost/test/unit_test.hpp>

#include "core/access.hpp"

using namespace goalpost::core;

namespace {

// company (1) > dept (2) > squad (3); other (4). The same org as tests/core/leads_test.cpp.
std::vector<Team> org() {
    auto team = [](RowId id, std::string name, std::optional<RowId> parent) {
        Team t;
        t.id = id;
        t.name = std::move(name);
        t.parent_team_id = parent;
        return t;
    };
    return {team(1, "company", {}), team(2, "dept", 1), team(3, "squad", 2), team(4, "other", {})};
}

Team team_of(RowId id) { return org()[static_cast<size_t>(id - 1)]; }

// `user` as a member of `member_of` and lead of `leads` (team ids), with `admins` configured.
Viewer viewer(const std::string& user, std::vector<RowId> member_of, std::vector<RowId> leads = {},
              std::vector<std::string> admins = {"ada"}) {
    std::vector<Team> in, led;
    for (RowId id : member_of) in.push_back(team_of(id));
    for (RowId id : leads) led.push_back(team_of(id));
    return make_viewer(user, admins, in, led, org());
}

Objective objective(RowId team, Visibility visibility) {
    Objective o;
    o.team_id = team;
    o.visibility = visibility;
    return o;
}

KeyResult kr_owned_by(std::string owner) {
    KeyResult k;
    k.owner = std::move(owner);
    return k;
}

const Objective squad_secret = objective(3, Visibility::internal);
const Objective squad_public = objective(3, Visibility::public_);
const Objective company_secret = objective(1, Visibility::internal);

}  // namespace

BOOST_AUTO_TEST_SUITE(access_rules)

BOOST_AUTO_TEST_CASE(members_leads_above_and_listed_admins_see_internal_objectives) {
    const Viewer sam = viewer("sam", {3}), nina = viewer("nina", {}), dave = viewer("dave", {2}, {2}),
                 lena = viewer("lena", {1}, {1}), olga = viewer("olga", {4}, {4}), carl = viewer("carl", {1}),
                 ada = viewer("ada", {});
    BOOST_TEST(may_see(sam, squad_secret));    // member
    BOOST_TEST(!may_see(nina, squad_secret));  // nobody in particular
    BOOST_TEST(may_see(dave, squad_secret));   // lead of the parent team
    BOOST_TEST(may_see(lena, squad_secret));   // lead of the grandparent team
    BOOST_TEST(!may_see(olga, squad_secret));  // lead of an unrelated team
    BOOST_TEST(!may_see(carl, squad_secret));  // member (not lead) of the grandparent team
    BOOST_TEST(may_see(ada, squad_secret));    // admin, not a member
    // Leads look down, not up.
    BOOST_TEST(may_see(lena, company_secret));
    BOOST_TEST(!may_see(dave, company_secret));
    BOOST_TEST(!may_see(sam, company_secret));
    for (const auto& v : {sam, nina, olga, carl}) BOOST_TEST(may_see(v, squad_public), v.user_id);
}

BOOST_AUTO_TEST_CASE(those_who_see_internal_objectives_look_after_the_teams_objectives) {
    BOOST_TEST(may_look_after(viewer("lena", {1}, {1}), squad_public));
    BOOST_TEST(may_look_after(viewer("sam", {3}), squad_public));
    BOOST_TEST(may_look_after(viewer("ada", {}), squad_public));
    BOOST_TEST(!may_look_after(viewer("carl", {1}), squad_public));
    BOOST_TEST(!may_look_after(viewer("olga", {4}, {4}), squad_public));
    // A lead above adds no key results, objectives or wins: only members do.
    BOOST_TEST(!may_add_to(viewer("lena", {1}, {1}), 3));
    BOOST_TEST(may_add_to(viewer("sam", {3}), 3));
}

BOOST_AUTO_TEST_CASE(members_and_the_owner_check_in) {
    BOOST_TEST(may_check_in(viewer("sam", {3}), squad_public, kr_owned_by("ben")));
    BOOST_TEST(may_check_in(viewer("ben", {4}), squad_public, kr_owned_by("ben")));
    BOOST_TEST(!may_check_in(viewer("cy", {4}), squad_public, kr_owned_by("ben")));
    // Leading the team above is no reason to check in.
    BOOST_TEST(!may_check_in(viewer("lena", {1}, {1}), squad_public, kr_owned_by("ben")));
}

BOOST_AUTO_TEST_CASE(retros_and_score_overrides) {
    const std::vector<KeyResult> krs{kr_owned_by("ben"), kr_owned_by("sam")};
    BOOST_TEST(may_write_retro(viewer("ben", {4}), squad_public, krs));  // owns a key result
    BOOST_TEST(may_write_retro(viewer("dave", {2}, {2}), squad_public, krs));
    BOOST_TEST(!may_write_retro(viewer("olga", {4}, {4}), squad_public, krs));
    BOOST_TEST(may_override_score(viewer("ben", {}), krs[0]));
    BOOST_TEST(may_override_score(viewer("ada", {}), krs[0]));
    BOOST_TEST(!may_override_score(viewer("sam", {3}), krs[0]));
}

BOOST_AUTO_TEST_CASE(an_empty_admins_list_lets_anyone_manage_teams_but_lists_no_admin) {
    BOOST_TEST(may_manage_teams(viewer("ana", {}, {}, {})));
    BOOST_TEST(!may_see(viewer("ana", {}, {}, {}), squad_secret));
    BOOST_TEST(!may_manage_teams(viewer("ana", {}, {}, {"boss"})));
    BOOST_TEST(may_manage_teams(viewer("boss", {}, {}, {"boss"})));
}

BOOST_AUTO_TEST_CASE(a_loop_in_the_team_tree_ends_the_walk) {
    Team a, b;
    a.id = 1;
    a.parent_team_id = 2;
    b.id = 2;
    b.parent_team_id = 1;
    Team c;
    c.id = 3;
    auto v = make_viewer("u", {}, {}, {c}, {a, b, c});
    BOOST_TEST(!leads_above(v, 1));
    BOOST_TEST(!sees_internal_of(v, 2));
    auto lead_of_b = make_viewer("u", {}, {}, {b}, {a, b, c});
    BOOST_TEST(leads_above(lead_of_b, 1));
    BOOST_TEST(!leads_above(lead_of_b, 2));  // no team is above itself, not even round the loop
}

BOOST_AUTO_TEST_SUITE_END()
