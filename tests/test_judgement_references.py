"""Rewordings that keep what the terms say (issue 13, from the held-out readings unseen22 and
unseen23): a transfer framework under its new name, a list of kinds of data replaced by a
reference to all of them, an exception the user decides, a screen reader's note on a link.
And one that does not: "solely at the discretion of" is the discretion, not a limit."""

from __future__ import annotations

from monitor.classify import assess_change
from monitor.diff.normalise import cosmetic_reason


def assessed(old: str, new: str, old_text: str | None = None, new_text: str | None = None):
    hunk = {"kind": "modified" if old and new else "added" if new else "removed",
            "section": "", "old": old, "new": new, "substantive": True}
    return assess_change([hunk], old_text if old_text is not None else old, new_text if new_text is not None else new)


def test_the_privacy_shield_renamed_data_privacy_framework_is_the_same_commitment():
    # unseen23 Cloudflare: the model read the old clause as government access, not the new one
    a = assessed("We will comply with Rights Requests to the extent required by applicable law or the US-Swiss or "
                 "US-EU Privacy Shield.",
                 "We will comply with Rights Requests to the extent required by applicable law or the Swiss-U.S. or "
                 "EU-U.S. Data Privacy Framework.")
    assert a.direction == "neutral", a.hunks


def test_a_list_of_kinds_of_data_replaced_by_a_reference_to_all_of_them_is_no_gain():
    # unseen23 Starbucks: precise geolocation and network activity stopped being listed, because
    # the clause now shares "each of the categories of information described"
    a = assessed("We may share identifiers, commercial information, electronic and network activity, geolocation "
                 "and precise geolocation information, audio and visual information, and inferences, as described "
                 "above, with our service providers and business partners for advertising and marketing.",
                 "We may share each of the categories of information described in the \u201cInformation We Collect\u201d "
                 "section with our service providers and business partners for advertising and marketing.")
    assert a.direction != "better", a.hunks
    gains = [c for h in a.hunks for c in h["changes"] if c["direction"] == "better"]
    assert gains == []


def test_a_reference_to_every_kind_of_data_keeps_no_recipient_or_purpose_that_left():
    # a sale and AI training, or recipients dropped, are gains whatever the new side refers to
    sold = assessed("We sell your personal information to data brokers. We use your personal information to train "
                    "our AI models.",
                    "We may share each of the categories of information described above with our service providers.")
    assert {c["category"] for h in sold.hunks for c in h["changes"] if c["direction"] == "better"} \
        >= {"data_sale", "ai_training"}, sold.hunks
    fewer = assessed("We may share each of the categories of information described above with advertisers, data "
                     "brokers and our service providers.",
                     "We may share each of the categories of information described above with our service providers.")
    assert fewer.direction == "better", fewer.hunks


def test_a_list_shortened_without_a_reference_is_still_read():
    # the control: the same list losing precise geolocation without any reference is a gain
    a = assessed("We may share identifiers and precise geolocation information with our advertising partners.",
                 "We may share identifiers with our advertising partners.")
    assert a.direction == "better", a.hunks


def test_solely_at_the_discretion_of_the_service_is_no_limit_on_it():
    # unseen23 Dailymotion: read as a termination power "only" in some cases, a protection
    old_text = "Dailymotion may terminate the account of a repeat infringer."
    added = ("The assessment of the seriousness or repeated nature of infringements on a given channel is solely at "
             "the discretion of Dailymotion, which conducts periodic reviews and imposes appropriate sanctions in the "
             "event of a violation of our repeated infringer policy.")
    a = assessed("", added, old_text, old_text + "\n\n" + added)
    assert a.direction != "better", a.hunks
    assert not [c for h in a.hunks for c in h["changes"] if c["why"] == "protection added"]


def test_an_exception_the_customer_decides_does_not_grow_the_access():
    # unseen22 Google Data Studio: "(c) as otherwise instructed by Customer"
    old = ("Google will not access or use Customer Data, except (a) as necessary to provide the Service, and (b) if "
           "and as required by court order, law or governmental or regulatory agency.")
    new = ("Google will not access or use Customer Data, except (a) as necessary to provide the Service, (b) if and "
           "as required by court order, law or governmental or regulatory agency, or (c) as otherwise instructed by "
           "Customer.")
    a = assessed(old, new)
    assert a.direction == "neutral", a.hunks


def test_a_screen_readers_note_on_a_link_is_cosmetic():
    # unseen23 Aetna: "Opens a new window or tab" glued to a menu item came and went
    assert cosmetic_reason("Opens a new window or tabOpt out of Neustar cross device linking and advertising",
                           "Opt out of Neustar cross device linking and advertising") == "link"
    assert cosmetic_reason("see [www.adr.org - opens in new window or tab](http://www.adr.org/).",
                           "see [www.adr.org](http://www.adr.org/).") == "link"
    assert cosmetic_reason("read our [Privacy Policy (opens in new window)](https://a.test/p).",
                           "read our [Privacy Policy](https://a.test/p).") == "link"
    # words about opening a tab in a sentence are words
    assert cosmetic_reason("When you open a new tab in the browser, we show news.",
                           "When you open a tab in the browser, we show news.") is None
    assert cosmetic_reason("Clicking an ad opens a new tab and shares your identifiers with the advertiser.",
                           "Clicking an ad and shares your identifiers with the advertiser.") is None


def test_a_pointer_to_another_section_states_no_practice():
    # unseen22 Bumble: "For more information please see the Cookies ... section" read as tracking
    old_text = "We collect technical information about your device, including through cookies."
    pointer = "For more information please see the Cookies and Similar Technology Information section."
    a = assessed("", pointer, old_text, old_text + "\n\n" + pointer)
    assert a.direction == "neutral", a.hunks
    # a practice stated before the pointer, in the same clause, is still read
    stated = "We share your browsing history with advertisers. For more information, see our Cookie Policy."
    b = assessed("", stated, old_text, old_text + "\n\n" + stated)
    assert b.direction == "worse", b.hunks
    # a pointer that goes on to say what the service does states it
    for says_more in ["Please review the Terms periodically as we may change them at any time without notice to you.",
                      "Please review our updated practices: we now sell your personal information to data brokers.",
                      "Please read the following terms carefully because they require you to resolve disputes by "
                      "binding individual arbitration and waive your right to a class action."]:
        c = assessed("", says_more, old_text, old_text + "\n\n" + says_more)
        assert c.direction == "worse", (says_more, c.hunks)


def test_the_data_privacy_frameworks_disclosure_statement_is_no_new_government_access():
    # unseen25 Miro: joining the DPF brings its standard notice, in the framework's own words
    old_text = "We process your personal data to provide the service."
    notice = ("RealtimeBoard Inc. may disclose your Personal Data in response to lawful requests by public authorities, "
              "including to meet national security or law enforcement requirements.")
    a = assessed("", notice, old_text, old_text + "\n\n" + notice)
    assert a.direction == "neutral", a.hunks
    # without the framework's words, answering the authorities' requests is government access
    plain = "We may disclose your Personal Data in response to lawful requests by public authorities."
    b = assessed("", plain, old_text, old_text + "\n\n" + plain)
    assert b.direction == "worse" and "government_access" in b.categories, b.hunks


def test_an_email_address_renamed_gives_no_right():
    # unseen25 CafeMom: the opt-out mailbox renamed from info@ to optout@, the same way to opt out
    lead = "To stop receiving our newsletters, do one of the following:"
    old = ("A. Send an email message to [info@wildsky.test](mailto:info@wildsky.test) with the word \u201cRemove\u201d "
           "in the subject field; or")
    new = old.replace("info@", "optout@")
    a = assessed(old, new, lead + "\n\n" + old, lead + "\n\n" + new)
    assert a.direction == "neutral", a.hunks
