"""Bad input: each finishes with a correct result (the benchmark measures time and memory)."""

from __future__ import annotations

import random

import pytest

from monitor.diff import compare, render_inline_html

pytestmark = pytest.mark.slow


def test_empty_documents():
    assert compare("", "").hunks == []
    added = compare("", "We collect your name.\n\nWe keep it.")
    assert [h.kind for h in added.hunks] == ["added", "added"] and added.substantive
    assert not added.suspect
    removed = compare("We collect your name. " * 30, "")
    assert {h.kind for h in removed.hunks} == {"removed"}
    assert removed.suspect and "suspect_mass_deletion" in removed.reasons
    assert compare("\n\n  \n", "").reasons == ["whitespace"]


def _big_document(target_chars: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    vocabulary = ["data", "service", "account", "partners", "content", "location", "payment",
                  "device", "cookies", "advertising", "security", "law", "children", "rights"]
    paragraphs, size, n = [], 0, 0
    while size < target_chars:
        n += 1
        sentences = " ".join(
            f"Clause {n}.{k}: we may use your {rng.choice(vocabulary)} and "
            f"{rng.choice(vocabulary)} for purpose {rng.randrange(10**6)}." for k in range(4))
        block = (f"## Section {n}\n\n" if n % 10 == 1 else "") + sentences
        paragraphs.append(block)
        size += len(block) + 2
    return "\n\n".join(paragraphs)


def test_ten_megabyte_document():
    old = _big_document(10_000_000)
    assert len(old) >= 10_000_000
    middle = old.index("Clause 20000.2:")
    new = old[:middle] + "Clause 20000.2: we sell everything to anyone." + old[old.index(" Clause 20000.3:"):]
    change = compare(old, new)
    hunk = next(h for h in change.hunks)
    assert len(change.hunks) == 1 and hunk.kind == "modified" and hunk.substantive
    assert hunk.new == "Clause 20000.2: we sell everything to anyone."
    assert [text for op, text in hunk.ops if op == 1] == [" sell everything to anyone"]
    assert hunk.section == "Section 19991"


def test_fifty_thousand_repetitions_of_one_sentence():
    sentence = "We may share your information with our partners."
    old = " ".join([sentence] * 50_000)
    new = " ".join([sentence] * 25_000 + ["We may sell your information to anyone."] + [sentence] * 25_000)
    change = compare(old, new)
    assert len(change.hunks) == 1
    assert (change.hunks[0].kind, change.hunks[0].new) == ("added", "We may sell your information to anyone.")

    lines = "\n\n".join([sentence] * 50_000)
    swapped = compare(lines, lines.replace(sentence, "We never share your information.", 1))
    assert len(swapped.hunks) == 1 and swapped.hunks[0].kind == "modified"

    rewritten = compare(old, " ".join(["Totally different words here."] * 50_000))
    assert rewritten.suspect and {h.kind for h in rewritten.hunks} == {"removed", "added"}


def test_mixed_scripts_and_right_to_left_text():
    old = ("# سياسة الخصوصية\n\nنحن نجمع بياناتك الشخصية. لا نبيع بياناتك أبدا.\n\n"
           "## 隐私政策\n\n我们收集您的个人数据。我们不会出售您的数据。\n\n"
           "## מדיניות\n\nאנחנו אוספים מידע. English clause with a [link](https://example.com).\n")
    new = old.replace("لا نبيع بياناتك أبدا.", "قد نبيع بياناتك.").replace("我们不会出售您的数据。", "我们可能出售您的数据。")
    change = compare(old, new)
    by_section = {h.section: h for h in change.hunks}
    assert set(by_section) == {"سياسة الخصوصية", "سياسة الخصوصية > 隐私政策"}
    arabic, chinese = by_section["سياسة الخصوصية"], by_section["سياسة الخصوصية > 隐私政策"]
    assert arabic.kind == chinese.kind == "modified" and change.substantive
    assert arabic.old == "لا نبيع بياناتك أبدا." and arabic.new == "قد نبيع بياناتك."
    assert chinese.old == "我们不会出售您的数据。" and (1, "可能") in chinese.ops
    html = render_inline_html(change)
    assert 'dir="auto"' in html and "بياناتك" in html


def test_text_without_punctuation():
    rng = random.Random(3)
    words = [rng.choice(["we", "share", "your", "data", "with", "partners", "and", "keep", "it",
                         "for", "years", "unless", "you", "object"]) for _ in range(200_000)]
    old = " ".join(words)                       # one huge line, not a single full stop
    edited = words[:100_000] + ["never"] + words[100_000:]
    change = compare(old, " ".join(edited))
    assert change.substantive and 1 <= len(change.hunks) <= 2
    assert any((1, " never") in h.ops or (1, "never ") in h.ops for h in change.hunks)
    assert all(len(h.old) <= 1500 and len(h.new) <= 1500 for h in change.hunks)

    # Chinese without punctuation nor spaces: one 300,000-character run.
    hanzi = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    run = "".join(rng.choice(hanzi) for _ in range(300_000))
    change = compare(run, run[:150_000] + "插入" + run[150_000:])
    assert len(change.hunks) == 1 and (1, "插入") in change.hunks[0].ops

    lines = "\n".join(" ".join(words[i:i + 12]) for i in range(0, 6000, 12))
    change = compare(lines, lines.replace(" ".join(words[600:612]), " ".join(words[600:611])))
    assert len(change.hunks) == 1 and change.hunks[0].kind == "modified"
