"""An address a site's CDN hides from scrapers ("[email protected]" behind an e-mail protection
link) shows up in one capture as the link's own words and in the next as the placeholder: the
same address, no change of terms. A real new address is still a (neutral) change."""

from monitor.diff import compare

LEAD = "# Privacy\n\nWe describe here what we collect.\n\n"


def substantive(old: str, new: str) -> list[tuple[str, str]]:
    return [(h.old, h.new) for h in compare(old, new).hunks if h.substantive]


def test_the_hidden_address_or_the_links_words_are_the_same_address():
    old = LEAD + "To stop receiving offers, please [Write to us](https://shop.example/cdn-cgi/l/email-protection#removed)."
    new = LEAD + "To stop receiving offers, please [\\[email protected\\]](https://shop.example/cdn-cgi/l/email-protection)."
    assert substantive(old, new) == []


def test_a_new_real_address_is_still_a_change():
    old = LEAD + "To stop receiving offers, write to [\\[email protected\\]](https://shop.example/cdn-cgi/l/email-protection)."
    new = LEAD + "To stop receiving offers, write to optout@shop.example."
    assert substantive(old, new)


def test_an_address_shown_then_hidden_by_the_cdn_is_the_same_address():
    old = LEAD + "Our privacy team answers at [team@shop.example](mailto:team@shop.example) within a month."
    new = LEAD + ("Our privacy team answers at [\\[email protected\\]](https://shop.example/cdn-cgi/l/email-protection)"
                  " within a month.")
    assert substantive(old, new) == []


def test_an_address_hidden_beside_a_new_term_still_shows_the_term():
    old = LEAD + "Our privacy team answers at [team@shop.example](mailto:team@shop.example) within a month."
    new = LEAD + ("Our privacy team answers at [\\[email protected\\]](https://shop.example/cdn-cgi/l/email-protection)"
                  " within a year.")
    assert substantive(old, new)


def test_an_address_changed_beside_one_the_cdn_hid_is_still_a_change():
    """One address hidden by the CDN does not hide that the other one, still linked, changed."""
    old = LEAD + ("Complaints go to [privacy@shop.example](mailto:privacy@shop.example) or to our counsel at "
                  "[counsel@shop.example](mailto:counsel@shop.example).")
    new = LEAD + ("Complaints go to [\\[email protected\\]](https://shop.example/cdn-cgi/l/email-protection) or to our "
                  "counsel at [debts@recovery-firm.example](mailto:debts@recovery-firm.example).")
    assert substantive(old, new)


def test_an_address_hidden_beside_one_kept_is_the_same_text():
    old = LEAD + ("Complaints go to [privacy@shop.example](mailto:privacy@shop.example) or to our counsel at "
                  "[counsel@shop.example](mailto:counsel@shop.example).")
    new = LEAD + ("Complaints go to [\\[email protected\\]](https://shop.example/cdn-cgi/l/email-protection) or to our "
                  "counsel at [counsel@shop.example](mailto:counsel@shop.example).")
    assert substantive(old, new) == []
