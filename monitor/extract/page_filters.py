"""Named filters that remove page furniture or fix text (see `filters` for the registry and
the link filters): each reproduces, as a DOM operation, the contrib-declarations function of
that name."""

from __future__ import annotations

import re
from typing import Any

from ..declaration_model import RangeSelector
from .dom import PageTree
from .filters import _drop_all, _inner_html, _replace_with_text, _set_inner_html, page_filter


# -- page furniture ---------------------------------------------------------------------------

def _drop_css(page: PageTree, selector: str) -> None:
    _drop_all(page, page.select_css(selector))


@page_filter("removeHeaderAnchors")
def remove_header_anchors(page: PageTree, args: Any) -> None:
    """Allstate (history): collapse toggles (``[data-toggle="collapse"]``) become their text."""
    for element in page.select_css('[data-toggle="collapse"]'):
        _replace_with_text(element, element.text_content())


@page_filter("removeScripts")
def remove_scripts(page: PageTree, args: Any) -> None:
    """Remove ``<script>`` elements (extraction never reads them anyway)."""
    _drop_css(page, "script")


@page_filter("removeNavigationHeaders")
def remove_navigation_headers(page: PageTree, args: Any) -> None:
    """Microsoft: remove ``#navigationHeader`` and ``.navigationHeader``."""
    _drop_css(page, "#navigationHeader, .navigationHeader")


@page_filter("removeModuleIDs")
def remove_module_ids(page: PageTree, args: Any) -> None:
    """Microsoft: remove the module names printed in the page (``#moduleName, .FileName``)."""
    _drop_css(page, "#moduleName, .FileName")


@page_filter("removeInvisibleText")
def remove_invisible_text(page: PageTree, args: Any) -> None:
    """Microsoft: remove ``.displayNone``, ``.printsummary`` and ``.printDetailedContent``."""
    _drop_css(page, ".displayNone, .printsummary, .printDetailedContent")


# Modules of Microsoft's privacy statement about other products.
_OTHER_MICROSOFT_MODULES = frozenset(
    "mainenterprisedeveloperproductsmodule mainenterpriseservicesmodule "
    "mainenterprisedevsoftwareappsmodule mainteamsmodule mainofficeservicesmodule "
    "mainonedrivemodule mainoutlookmodule mainlinkedinmodule mainsearchaimodule mainbingmodule "
    "maincortanamodule mainmsedgemodule mainMicrosoftTranslatormodule mainswiftkeymodule "
    "mainwindowsmodule mainactivationmodule mainactivityhistorymodule mainadvertisingidmodule "
    "maindiagnosticsmodule mainfeedbackhubmodule mainlocationservicesmotionsensingmodule "
    "mainsecurityandsafetyfeaturesmodule mainspeechinkingtypingmodule mainsyncsettingsmodule "
    "mainupdateservicesmodule mainwebbrowsersmodule mainwindowsappsmodule "
    "mainwindowsmediaplayermodule mainwindowshellomodule mainwindowssearchmodule "
    "mainyourphonemodule mainentertainmentmodule mainxboxmodule mainwindowsstoremodule "
    "mainmainmodule mainmixermodule maingroovemusicmoviestvmodule mainsilverlightmodule "
    "mainwindowsmixedrealitymodule".split())


def _module_name(module, *, id: str | None = None, class_: str | None = None) -> str | None:
    """The text of the module's first descendant with that id or class."""
    for element in module.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        if (id and element.get("id") == id) or (class_ and class_ in (element.get("class") or "").split()):
            return element.text_content()
    return None


@page_filter("removeIrrelevantModulesFromPrivacyPolicy")
def remove_irrelevant_modules_from_privacy_policy(page: PageTree, args: Any) -> None:
    """Microsoft: remove the ``.divModuleDescription`` modules about other products (by their
    ``#moduleName``)."""
    _drop_all(page, [module for module in page.select_css(".divModuleDescription")
                     if _module_name(module, id="moduleName") in _OTHER_MICROSOFT_MODULES])


@page_filter("removeIrrelevantModulesFromTos")
def remove_irrelevant_modules_from_tos(page: PageTree, args: Any) -> None:
    """Microsoft: remove the section-14 modules about other services (``.FileName`` starting
    with 14 but not 14e or 14_) and the services list."""
    doomed = []
    for module in page.select_css(".divModuleDescription"):
        name = _module_name(module, class_="FileName") or ""
        if re.match(r"14[^e_]", name) or name == "serviceslist":
            doomed.append(module)
    _drop_all(page, doomed)


@page_filter("removeCountryVersion")
def remove_country_version(page: PageTree, args: Any) -> None:
    """Google: remove the "country version" link's parent and the country-version section
    (from ``#footnote-country-version`` up to ``#footnote-disclaimer``)."""
    link = page.select_first('a[data-name="country-version"]')
    if link is not None and link.getparent() is not None:
        page.drop(link.getparent())
    if page.select_first("#footnote-country-version") is not None and \
            page.select_first("#footnote-disclaimer") is not None:
        page.remove([RangeSelector(start_before="#footnote-country-version",
                                   end_before="#footnote-disclaimer")])


@page_filter("removeSecurityUpdates")
def remove_security_updates(page: PageTree, args: Any) -> None:
    """ASUS: remove the "Latest security updates" heading and everything after it in its
    parent."""
    heading = next((h for h in page.root.iter("h3") if h.text_content() == "Latest security updates"), None)
    if heading is None or heading.getparent() is None:
        return
    for sibling in list(heading.itersiblings()):
        heading.getparent().remove(sibling)
    heading.tail = None
    page.drop(heading)


@page_filter("removeReturnToTopButtons")
def remove_return_to_top_buttons(page: PageTree, args: Any) -> None:
    """Facebook: remove the "return to top" buttons (``._t3o``)."""
    _drop_css(page, "._t3o")


@page_filter("removeHelpButtons")
def remove_help_buttons(page: PageTree, args: Any) -> None:
    """Facebook and Facebook Payments (two functions of one name): remove textless links
    around ``scontent`` images, and ``._254`` icons."""
    doomed = [img.getparent() for img in page.select_css('img[src*="https://scontent"]')
              if img.getparent() is not None and img.getparent().tag == "a"
              and not img.getparent().text_content()]
    _drop_all(page, doomed + page.select_css("._254"))


@page_filter("removeImgFromCookiesPolicy")
def remove_img_from_cookies_policy(page: PageTree, args: Any) -> None:
    """Facebook: remove the first ``._vpi`` element (the cookie policy's illustration)."""
    first = page.select_first("._vpi")
    if first is not None:
        page.drop(first)


@page_filter("replaceInfoImageWithEmoji")
def replace_info_image_with_emoji(page: PageTree, args: Any) -> None:
    """Instagram: the "info" icon image becomes the ℹ️ emoji."""
    for image in page.select_css('img[src*="/851547_537948159656190_540847388_n.png?"]'):
        _replace_with_text(image, "ℹ️")


@page_filter("numberListCorrectly")
def number_list_correctly(page: PageTree, args: Any) -> None:
    """Facebook: remove what is neither an item nor a list inside ``<ol>``, then move each
    ``<ol>`` that sits directly in an ``<ol>`` into the node before it."""
    for ordered in page.select_css("ol"):
        _drop_all(page, [c for c in ordered if not isinstance(c.tag, str) or c.tag not in ("li", "ol")])
    for nested in page.select_css("ol > ol"):
        previous = nested.getprevious()
        if previous is not None:
            tail, nested.tail = nested.tail, None
            previous.append(nested)
            if tail:
                previous.tail = (previous.tail or "") + tail


@page_filter("correctTitleIndentation")
def correct_title_indentation(page: PageTree, args: Any) -> None:
    """Facebook Payments: a line break ends the last child of a list that follows an
    ``<h3>``."""
    for element in page.select_css("h3 + ol > *:last-child"):
        element.append(element.makeelement("br", {}))


@page_filter("recoverReplacementCharacters")
def recover_replacement_characters(page: PageTree, args: Any) -> None:
    """Cdiscount: three U+FFFD in a row were an apostrophe, two were an "é"."""
    def recover(text: str | None) -> str | None:
        if not text or "\ufffd" not in text:
            return text
        return text.replace("\ufffd" * 3, "'").replace("\ufffd" * 2, "é")
    for element in page.body.iter():
        if element is not page.body:
            element.tail = recover(element.tail)
        if isinstance(element.tag, str):
            element.text = recover(element.text)


@page_filter("replaceDaysAgo")
def replace_days_ago(page: PageTree, args: Any) -> None:
    """Yuka: "Updated 3 days ago by X" becomes "Updated <article:modified_time> by X"."""
    modified = page.select_first('meta[property="article:modified_time"]')
    container = page.select_first("h1+div > img+div")
    if modified is not None and container is not None:
        date = (modified.get("content") or "").replace("\\", "\\\\")
        html = _inner_html(container)
        new = re.sub(r"Updated(.*)( by.*)", lambda m: f"Updated {date}{m.group(2)}", html, count=1)
        if new != html:
            _set_inner_html(container, new)


@page_filter("convertScriptToDiv")
def convert_script_to_div(page: PageTree, args: Any) -> None:
    """WeChat: the ``#en_US_tpl`` template script holds the page's HTML: it becomes a
    ``<div id="en_US_tpl">`` with that content."""
    script = page.select_first("#en_US_tpl")
    if script is None or script.getparent() is None:
        return
    div = script.makeelement("div", {"id": "en_US_tpl"})
    _set_inner_html(div, script.text or "")
    div.tail = script.tail
    script.getparent().replace(script, div)
