"""What a person may do apart from any particular review or site: one row per rule, the roles
that grant it. The rows about reviews and sites (by relation and stage) are the other half of
the same access table, in `reviews.access`; the two are printed together by
`manage.py access_table` (docs/access.md).

It sits with the roles on the ground floor because pages on every floor ask it: the scale
reference (draft versions), the admin site, the navigation.
"""

from dataclasses import dataclass

from accounts import roles

# rule: the roles that grant it.
USER_RULES = {
    # Mine reviews: the reviews one is on.
    "can_list_own_reviews": {roles.REVIEWER},
    # Nyt review: the creator becomes its lead reviewer.
    "can_create_review": {roles.REVIEWER},
    # Nyt review for a site of one's regions, naming its lead reviewer and co-reviewers (a
    # coordinator who is no reviewer is not on the review, so reads it once finalized).
    "can_assign_reviewers": {roles.COORDINATOR},
    # The Steder page: sites, regions and clusters made and changed in the app. Reviewers
    # add a missing site while creating a review (`can_create_review`).
    "can_manage_sites": {roles.ADMINISTRATOR},
    # Rapporter: the finalized reports and planned visits of the sites one leads.
    "can_list_led_reports": {roles.LEADER},
    # Alle reviews, the administrators' start page.
    "can_list_all_reviews": {roles.ADMINISTRATOR},
    # The Django admin site (scale versions, people, the stored reports' records).
    "can_use_admin_site": {roles.ADMINISTRATOR},
    # Draft scale versions: work in progress, shown to no one else.
    "can_see_draft_scales": {roles.ADMINISTRATOR},
    # Draft a new scale version, edit its items and anchors, see the difference, publish it
    # (the Skalaer pages; scales/views.py).
    "can_edit_scales": {roles.ADMINISTRATOR},
    # No page before the second factor (people.middleware); anyone may set one up.
    "needs_second_factor": {
        roles.ADMINISTRATOR,
        roles.LEADER,
        roles.COORDINATOR,
        roles.NATIONAL_READER,
    },
    # Invite people, deactivate them, export what is stored about one (people/views.py).
    "can_manage_people": {roles.ADMINISTRATOR},
    # Who read, downloaded and exported what (accounts.accesslog), and its export.
    "can_read_access_log": {roles.ADMINISTRATOR},
    # The item analytics of a region; which sites count and which are named is
    # `reviews.access.analytics_scope`.
    "can_see_analytics": {
        roles.REVIEWER,
        roles.LEADER,
        roles.ADMINISTRATOR,
        roles.COORDINATOR,
        roles.NATIONAL_READER,
    },
    # How alike reviewers score across reviews: from which reviews is the review rule
    # `can_pool_ratings`; reviewers see the pairs they are in, administrators every pair.
    "can_see_calibration": {roles.REVIEWER, roles.ADMINISTRATOR, roles.COORDINATOR},
    # Pool the finalized reviews of every region (a coordinator pools their regions').
    "can_pool_every_region": {roles.REVIEWER, roles.ADMINISTRATOR},
    # Every pair of reviewers by name in the calibration, not just one's own.
    "can_see_all_calibration_pairs": {roles.ADMINISTRATOR},
    # The sites due and overdue for their next review (followup/), the ones the person sees.
    "can_see_upcoming_reviews": {roles.REVIEWER, roles.ADMINISTRATOR, roles.COORDINATOR},
    # The start page of those who follow regions: the latest reports and where to look.
    "can_follow_regions": {roles.COORDINATOR, roles.NATIONAL_READER},
    # The national export for research and STAR: every finalized review's item scores,
    # totals and bands, with no names of people and no free text (overview/exports.py).
    "can_export_national": {roles.NATIONAL_READER, roles.ADMINISTRATOR},
}


@dataclass(frozen=True)
class UserAccess:
    """What one person may do apart from any particular review or site: one field per row."""

    can_list_own_reviews: bool
    can_create_review: bool
    can_assign_reviewers: bool
    can_manage_sites: bool
    can_list_led_reports: bool
    can_list_all_reviews: bool
    can_use_admin_site: bool
    can_see_draft_scales: bool
    can_edit_scales: bool
    needs_second_factor: bool
    can_manage_people: bool
    can_read_access_log: bool
    can_see_analytics: bool
    can_see_calibration: bool
    can_pool_every_region: bool
    can_see_all_calibration_pairs: bool
    can_see_upcoming_reviews: bool
    can_follow_regions: bool
    can_export_national: bool


def user_access(user) -> UserAccess:
    names = roles.role_names(user)
    return UserAccess(**{name: bool(names & granted) for name, granted in USER_RULES.items()})
