"""Extraction gives Open Terms Archive's engine's text: each kind of case of the engine's
extraction tests, on our own page, with the text the engine's rules give (see
scripts/conformance_extract.py for the engine's own cases, and docs/architecture.md
"Differences from the engine" for where we differ on purpose: tracking parameters,
no-break spaces, lists and tables).

And the named filters of contrib-declarations, each a DOM operation with that function's
semantics.
"""

from __future__ import annotations

import logging

import pytest

from monitor.declarations import Filter, PageDeclaration, RangeSelector, parse_service
from monitor.extract import ExtractionError, Page, extract_document, extract_page
from monitor.extract.filters import FILTERS, SKIPPED

URL = "https://shop.test/legal/terms"

# A page shaped like the engine's: a heading and one link per paragraph, of every kind.
PAGE = """<!DOCTYPE html><html><head><title>Terms</title><style>p { color: red }</style></head>
<body>
  <h2>Our terms</h2>
  <p><a id="rel" href="/help/contact">contact page</a></p>
  <p><a id="anchor" href="#refunds">refund section</a></p>
  <p><a id="abs" href="http://other.test/rules">house rules</a></p>
  <p><a id="odd" href="http://[BROKEN=http://other.test/">broken target</a></p>
  <p><a id="scheme" href="weird://thing">odd scheme</a></p>
  <p><a id="empty" href="">no target</a></p>
  <p><img src="https://cdn.shop.test/logo.png?size=2" alt="shop logo"></p>
  <p><button type="button">Accept these terms</button></p>
  <div id="blank">  </div>
  <script>track()</script>
</body></html>"""


def extract(html: str = PAGE, **declared) -> str:
    return extract_page(Page(html.encode("utf-8"), URL, "text/html; charset=utf-8"), PageDeclaration(fetch=URL, **declared))


def test_every_kind_of_link_image_and_button_is_written_as_the_engine_writes_it():
    assert extract(select=("body",)) == (
        "Our terms\n---------\n\n"
        "[contact page](https://shop.test/help/contact)\n\n"
        "[refund section](#refunds)\n\n"
        "[house rules](http://other.test/rules)\n\n"
        "[broken target](http://[BROKEN=http://other.test/)\n\n"
        "[odd scheme](weird://thing)\n\n"
        "no target\n\n"
        "![shop logo](https://cdn.shop.test/logo.png?size=2)\n\n"
        "Accept these terms")


def test_script_and_unsafe_targets_are_never_kept():
    html = ('<p><a href="javascript:steal()">Run</a> <a href="data:text/html,x">Data</a> '
            '<img src="data:image/png;base64,AAAA" alt="inline"> <a href="vbscript:x">VB</a></p>')
    assert extract(html) == "Run Data VB"


def test_an_alt_text_cannot_forge_a_link():
    html = '<p><img src="/i.png" alt="x](javascript:alert(1)) [y"></p>'
    assert extract(html) == "![x\\](javascript:alert(1)) \\[y](/i.png)"


def test_titles_follow_the_target_and_brackets_in_link_text_are_escaped():
    html = '<p><a href="/a" title="Read &quot;this&quot;">See [1]</a> <img src="i.png" alt="i" title="Info"></p>'
    assert extract(html) == '[See \\[1\\]](https://shop.test/a "Read \\"this\\"") ![i](i.png "Info")'


def test_tracking_parameters_go_from_urls_and_the_words_around_them_stay():
    # the contract: tracking parameters never reach version text, printed URLs included; the
    # punctuation after a printed URL is the sentence's, and stays
    html = ('<p><a href="/p?utm_source=mail&id=4">offer</a> '
            '<img src="/i.png?fbclid=Z&w=2" alt="x"> '
            'Printed: https://shop.test/p?utm_source=mail, then more.</p>')
    assert extract(html) == ("[offer](https://shop.test/p?id=4) ![x](/i.png?w=2) "
                             "Printed: https://shop.test/p, then more.")


def test_cloudflare_email_protection_links_lose_their_encoded_address():
    html = ('<p>Write to <a href="/cdn-cgi/l/email-protection#5a2b3f3a">[email&#160;protected]</a>.</p>'
            '<p><a href="/cdn-cgi/l/email-protection#77aa11"><span class="__cf_email__">x@y</span> us</a></p>')
    assert extract(html) == (
        "Write to [\\[email protected\\]](https://shop.test/cdn-cgi/l/email-protection).\n\n"
        "[\\[email protected\\]](https://shop.test/cdn-cgi/l/email-protection)")


@pytest.mark.parametrize("selected, expected", [
    (("h2, #anchor",), "Our terms\n---------\n\n[refund section](#refunds)"),  # one string, two selectors
    (("h2", "#anchor"), "Our terms\n---------\n\n[refund section](#refunds)"),  # a list
    ((RangeSelector(start_before="#rel", end_before="#anchor"),), "[contact page](https://shop.test/help/contact)"),
    ((RangeSelector(start_before="#anchor", end_after="#anchor"),), "[refund section](#refunds)"),
    ((RangeSelector(start_after="#rel", end_before="#abs"),), "[refund section](#refunds)"),
    ((RangeSelector(start_after="#anchor", end_after="#abs"),), "[house rules](http://other.test/rules)"),
    (("h2", RangeSelector(start_after="#anchor", end_after="#abs")), "Our terms\n---------\n\n[house rules](http://other.test/rules)"),
    ((RangeSelector(start_after="#rel", end_after="#anchor"), RangeSelector(start_after="#anchor", end_after="#abs")),
     "[refund section](#refunds)\n\n[house rules](http://other.test/rules)"),
])
def test_select_as_the_engine_selects(selected, expected):
    assert extract(select=selected) == expected


@pytest.mark.parametrize("removed, expected_start", [
    (("h2",), "[contact page]"),
    (("h2", "#abs", "#odd"), "[contact page](https://shop.test/help/contact)\n\n[refund section](#refunds)\n\n[odd scheme]"),
    ((RangeSelector(start_before="#rel", end_after="#scheme"),), "Our terms\n---------\n\nno target"),
    (("h2", RangeSelector(start_after="h2", end_before="#anchor")), "[refund section](#refunds)\n\n[house rules]"),
])
def test_remove_as_the_engine_removes(removed, expected_start):
    assert extract(select=("body",), remove=removed).startswith(expected_start)


@pytest.mark.parametrize("selected", [("#nothing-here",), ("#blank",),
                                      (RangeSelector(start_after="#missing", end_after="#abs"),)])
def test_no_match_or_empty_match_is_refused(selected):
    with pytest.raises(ExtractionError):
        extract(select=selected)


def test_combined_pages_are_joined_by_the_engines_separator():
    service = parse_service({"name": "Shop", "terms": {"Terms of Service": {"combine": [
        {"fetch": "https://shop.test/a", "select": "h1"}, {"fetch": "https://shop.test/b", "select": "p"}]}}},
        service_id="Shop")
    pages = [Page(b"<h1>Part A</h1>", "https://shop.test/a", "text/html"),
             Page(b"<p>Part B</p>", "https://shop.test/b", "text/html")]
    assert extract_document(pages, service.documents["Terms of Service"]) == "Part A\n======\n\n- - -\n\nPart B"


# -- named filters ------------------------------------------------------------------------------

def filtered(html: str, *filters: Filter, select=("main",)) -> str:
    return extract(html, select=select, filters=filters)


def test_microsoft_module_filters():
    html = ('<main><div class="divModuleDescription"><span id="moduleName">mainxboxmodule</span><p>Xbox data.</p></div>'
            '<div class="divModuleDescription"><span id="moduleName">mainskypemodule</span><p>Skype data.</p></div>'
            '<div class="divModuleDescription"><span class="FileName">14b_Bing</span><p>Bing terms.</p></div>'
            '<div class="divModuleDescription"><span class="FileName">14e_Skype</span><p>Skype terms.</p></div>'
            '<div class="printsummary">Summary copy.</div></main>')
    assert filtered(html, Filter("removeIrrelevantModulesFromPrivacyPolicy"), Filter("removeIrrelevantModulesFromTos"),
                    Filter("removeModuleIDs"), Filter("removeInvisibleText")) == "Skype data.\n\nSkype terms."


def test_facebook_filters():
    html = ('<main><ol><li>One</li><div>stray</div><ol><li>Sub</li></ol><li>Two</li></ol>'
            '<a href="#">Top</a> <a href="https://scontent.test/x"><img src="https://scontent.fb/help.png"></a>'
            '<div class="_t3o">Return to top</div><span class="_254">?</span>'
            '<a href="https://l.facebook.com/l.php?u=https%3A%2F%2Fhelp.test%2Fpage&amp;h=AT1">help</a></main>')
    assert filtered(html, Filter("numberListCorrectly"), Filter("cleanUrls"), Filter("removeHelpButtons"),
                    Filter("removeReturnToTopButtons")) == (
        "1. One\n  1. Sub\n2. Two\n\nTop [help](https://help.test/page)")


def test_link_cleaning_filters():
    html = ('<main><p><a href="/hotel?label=gen173&amp;sid=99&amp;lang=en">hotel</a> '
            '<a href="https://zoom.test/p?amp_device_id=abc&amp;x=1&amp;y=2">zoom</a> '
            '<a href="https://vault.test/"><svg></svg></a><a href="/t"> </a>'
            '<a href="https://a.test/?q=1&amp;h=tok">insta</a></p></main>')
    assert filtered(html, Filter("removeLabelAndSidFromUrls"), Filter("removeAmpDeviceId"),
                    Filter("removeEmptySVGLinks"), Filter("removeEmptyLinks"), Filter("removeTrackingIDs"),
                    Filter("removeQueryParams", ["y"])) == (
        # the engine's functions' results, odd ones included: Booking's "?&", Zoom's lost
        # "?", Instagram's href rewritten as a query string (then resolved as relative)
        "[hotel](https://www.booking.com/hotel?&lang=en) [zoom](https://zoom.test/px=1&y=2) "
        "[insta](https://shop.test/legal/https%3A%2F%2Fa.test%2F%3Fq=1&h=removed)")


def test_text_filters():
    # (a long page: a short one with that many U+FFFD would read as mis-decoded)
    html = ('<!-- ' + "padding " * 100 + ' --><main><p>C\ufffd\ufffd\ufffdest d\ufffd\ufffdj\u00e0 l\u00e0.</p>'
            '<p>Mail <span class="__cf_email__">x</span>.</p>'
            '<h3>Latest security updates</h3><p>CVE list</p></main>'
            '<script id="en_US_tpl"><p>Template text.</p></script>')
    assert filtered(html, Filter("recoverReplacementCharacters"), Filter("removeSecurityUpdates"),
                    Filter("removeCloudflareEmailProtection", "Legal@Shop.test")) == (
        "C'est déjà là.\n\nMail (email protected, possibly legal@shop.test).")
    assert filtered(html, Filter("convertScriptToDiv"), select=("#en_US_tpl",)) == "Template text."


def test_history_filters_of_allstate_and_happn():
    html = ('<main><h2><a data-toggle="collapse" href="#c1">Your rights</a></h2>'
            '<p><a href="/cdn-cgi/l/email-protection#a1b2">x<b>y</b></a></p></main>')
    assert filtered(html, Filter("removeHeaderAnchors"), Filter("replaceEmailProtection")) == (
        "Your rights\n-----------\n\n[\\[email protected\\]](https://shop.test/cdn-cgi/l/email-protection)")


def test_google_country_version_and_instagram_info_image():
    html = ('<main><p><a data-name="country-version">Country version</a></p><h3 id="footnote-country-version">Country</h3>'
            '<p>Local rules.</p><h3 id="footnote-disclaimer">Disclaimer</h3><p>Kept. '
            '<img src="https://cdn.test/851547_537948159656190_540847388_n.png?v=1"> Info.</p></main>')
    assert filtered(html, Filter("removeCountryVersion"), Filter("replaceInfoImageWithEmoji")) == (
        "### Disclaimer\n\nKept. ℹ️ Info.")


def test_every_filter_name_of_contrib_declarations_is_implemented_or_skipped_with_its_reason(caplog):
    used = {"removeQueryParams", "removeNavigationHeaders", "removeModuleIDs", "removeInvisibleText", "cleanUrls",
            "removeIrrelevantModulesFromPrivacyPolicy", "removeIrrelevantModulesFromTos", "removeCountryVersion",
            "removeCloudflareEmailProtection", "removeEmptySVGLinks", "removeLabelAndSidFromUrls", "removeHelpButtons",
            "removeEmptyAnchorsLinks", "moveAppPrivacyPolicyIntoGlobalPrivacyPolicy", "removeSecurityUpdates",
            "recoverReplacementCharacters", "numberListCorrectly", "correctTitleIndentation",
            "removeImgFromCookiesPolicy", "removeReturnToTopButtons", "downloadImages", "replaceInfoImageWithEmoji",
            "unifyEmailProtectedAddresses", "removeEmptyLinks", "removeScripts", "convertScriptToDiv",
            "replaceDaysAgo", "removeAmpDeviceId", "removeTrackingIDs", "removeHeaderAnchors",
            "replaceEmailProtection"}
    assert used - set(FILTERS) == set(SKIPPED)
    with caplog.at_level(logging.WARNING, logger="monitor.extract.filters"):
        assert filtered("<main><img src=a.png alt=a></main>", Filter("downloadImages")) == "![a](a.png)"
    assert any("downloadImages" in r.getMessage() and "network" in r.getMessage() for r in caplog.records)
