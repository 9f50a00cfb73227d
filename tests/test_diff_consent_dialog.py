"""A consent manager's dialog (the IAB framework's purposes between "Allow All" and "Reject All")
captured with the policy comes and goes between captures: it is the site's furniture, not a
change of terms. A policy that lists the framework's purposes in its own text keeps them."""

from monitor.diff import compare

POLICY = ("# Privacy Policy\n\nWe collect your email address to run your account.\n\n"
          "We keep your messages for 30 days.")
DIALOG = ("\n\n## Your privacy choices\n\nWe and our vendors process data with your consent, as the "
          "Transparency and Consent Framework sets out.\n\nAllow All\n\n"
          "### Store and/or access information on a device\n\nCookies and device identifiers may be stored.\n\n"
          "### Create a personalised ads profile\n\nA profile can be built about you and your interests.\n\n"
          "### Use precise geolocation data\n\nYour location can be known to within a few metres.\n\n"
          "Reject All Confirm My Choices")
TAIL = "\n\n## Contact\n\nWrite to privacy@example.test."


def substantive(old: str, new: str) -> list[str]:
    return [h.old or h.new for h in compare(old, new).hunks if h.substantive]


def test_a_consent_dialog_gained_or_lost_is_no_change():
    assert substantive(POLICY + TAIL, POLICY + DIALOG + TAIL) == []
    assert substantive(POLICY + DIALOG + TAIL, POLICY + TAIL) == []


def test_a_clause_of_the_policy_beside_the_dialog_still_counts():
    new = POLICY + "\n\nWe sell your email address to data brokers." + DIALOG + TAIL
    assert substantive(POLICY + DIALOG + TAIL, new) == ["We sell your email address to data brokers."]


def test_the_frameworks_purposes_in_the_policys_own_text_are_terms():
    own = DIALOG.replace("\n\nAllow All", "").replace("\n\nReject All Confirm My Choices", "")
    assert substantive(POLICY + TAIL, POLICY + own + TAIL)
