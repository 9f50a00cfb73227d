"""The demo fixture server, fetched over real HTTP on 127.0.0.1."""

from __future__ import annotations

import http.client
import io
import json
import socket
import subprocess
import sys
import threading
from urllib.parse import urlsplit

import pypdf
import pytest
import soupsieve
from bs4 import BeautifulSoup

from monitor.declarations import load_catalogue
from monitor.demo import DAYS, HOSTILE_SERVICE, SCENARIO, DemoServer, write_declarations
from monitor.demo.catalogue import FURNITURE, closed_port

DOCUMENTS = [(service["id"], terms_type, path) for service in SCENARIO["services"]
             for terms_type, path in service["documents"].items()]
BULK, CHANGING_SHARE = 6, 0.34   # two of the six bulk documents change every day


@pytest.fixture(scope="module")
def server():
    with DemoServer(port=0, bulk=BULK, changing_share=CHANGING_SHARE) as running:
        yield running


@pytest.fixture
def day0(server):
    server.set_day(0)
    yield server
    server.set_day(0)


def fetch(url: str, headers: dict | None = None, timeout: float = 10, method: str = "GET"):
    """(status, headers, body) without following redirects."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""),
                           headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def legal_text(html: bytes) -> str:
    """The visible text of a page's article, whitespace collapsed: what a reader sees."""
    article = BeautifulSoup(html, "lxml").select_one("main article")
    for element in article.select("script, style, " + ", ".join(FURNITURE)):
        element.decompose()
    return " ".join(article.get_text(" ").split())


@pytest.fixture(scope="module")
def all_days(server):
    """{(service, terms_type, day): (status, body, legal text)} for every scenario document and day."""
    pages = {}
    for day in range(DAYS):
        server.set_day(day)
        for service, terms_type, path in DOCUMENTS:
            status, _, body = fetch(server.base_url + path)
            pages[service, terms_type, day] = (status, body, legal_text(body))
    server.set_day(0)
    return pages


# -- the scenario ----------------------------------------------------------------------------

def test_day_changes_alter_exactly_the_documents_the_scenario_lists(all_days):
    changed, expected = set(), set()
    for service, terms_type, _ in DOCUMENTS:
        for day in range(1, DAYS):
            before, after = all_days[service, terms_type, day - 1], all_days[service, terms_type, day]
            assert after[0] == 200
            assert before[1] != after[1], "daily noise changes every page's bytes every day"
            if before[2] != after[2]:
                changed.add((day, service, terms_type))
    for event in SCENARIO["events"]:
        if event["text_changes"]:
            expected.add((event["day"], event["service"], event["terms_type"]))
    assert changed == expected


def test_repeats_and_flaps_return_to_the_exact_earlier_text(all_days):
    repeats = [e for e in SCENARIO["events"] if "repeat_of_day" in e]
    assert {e["kind"] for e in repeats} == {"flap_revert", "restored"}
    for event in repeats:
        key = event["service"], event["terms_type"]
        assert all_days[(*key, event["day"])][2] == all_days[(*key, event["repeat_of_day"])][2]


@pytest.mark.parametrize("kind, phrase", [
    ("arbitration", "class member in any purported class"),
    ("data_sale", "we may sell or rent personal information"),
    ("sensitive_data", "including in the background when the app is closed"),
    ("ai_training", "train and improve artificial intelligence"),
    ("unilateral_change", "at any time and for any reason, without notice"),
    ("export_delete", "machine-readable format"),
])
def test_each_substantive_change_appears_on_its_day_and_not_before(all_days, kind, phrase):
    event = next(e for e in SCENARIO["events"] if e["kind"] == kind)
    key = event["service"], event["terms_type"]
    before = all_days[(*key, event["day"] - 1)][2].lower()
    after = all_days[(*key, event["day"])][2].lower()
    assert phrase.lower() not in before
    assert phrase.lower() in after


def test_good_changes_undo_or_soften_the_bad_ones(all_days):
    sale = next(e for e in SCENARIO["events"] if e["kind"] == "data_sale_removed")
    text = all_days[sale["service"], sale["terms_type"], sale["day"]][2]
    assert "We do not sell your personal information" in text
    assert "sell or rent personal information" not in text
    opt_in = next(e for e in SCENARIO["events"] if e["kind"] == "ai_training_opt_in")
    text = all_days[opt_in["service"], opt_in["terms_type"], opt_in["day"]][2]
    assert "only if you opt in" in text and "cannot opt out" not in text


def test_login_wall_is_served_with_status_200_inside_the_usual_container(all_days):
    wall = next(e for e in SCENARIO["events"] if e["kind"] == "login_wall")
    status, _, text = all_days[wall["service"], wall["terms_type"], wall["day"]]
    assert status == 200 and wall["expect"] == "suspect"
    assert "Sign in to continue" in text and len(text) < 300


def test_hostile_payloads_sit_inside_the_legal_text(all_days):
    spec = SCENARIO["hostile_payloads"]
    body = all_days[spec["service"], spec["terms_type"], 0][1].decode()
    article = body[body.index("<article"):body.index("</article>")]
    for markup in spec["markup"]:
        assert markup in article
    assert spec["literal_text"] in all_days[spec["service"], spec["terms_type"], 0][2]


def test_pages_are_realistic_sizes_with_site_furniture(all_days):
    for (service, terms_type, day), (_, body, text) in all_days.items():
        if "Sign in to continue" in text:
            continue
        assert 15_000 <= len(body) <= 60_000, (service, terms_type, day, len(body))
        for marker in (b"cookie-banner", b"<nav", b"<footer", b"<script", b"utm_", b"class=\"build\""):
            assert marker in body
        assert len(text.split()) > 2000


# -- noise and conditional requests ----------------------------------------------------------

def test_noise_changes_per_day_but_not_per_request(day0):
    url = day0.url("Chirper", "Terms of Service")
    first, again = fetch(url), fetch(url)
    assert first[2] == again[2] and first[1]["ETag"] == again[1]["ETag"]
    day0.set_day(1)
    next_day = fetch(url)
    assert next_day[2] != first[2] and next_day[1]["ETag"] != first[1]["ETag"]
    assert next_day[1]["Last-Modified"] != first[1]["Last-Modified"]
    assert legal_text(next_day[2]) == legal_text(first[2])   # Chirper's terms only change on day 2


def test_conditional_requests_get_304_until_the_bytes_change(day0):
    url = day0.url("Stridely", "Privacy Policy")
    status, headers, _ = fetch(url)
    etag, last_modified = headers["ETag"], headers["Last-Modified"]
    assert fetch(url, {"If-None-Match": etag})[0] == 304
    assert fetch(url, {"If-Modified-Since": last_modified})[0] == 304
    assert fetch(url, {"If-None-Match": '"something-else"'})[0] == 200
    day0.set_day(1)
    status, headers, body = fetch(url, {"If-None-Match": etag})
    assert status == 200 and body and headers["ETag"] != etag
    assert fetch(url, {"If-Modified-Since": last_modified})[0] == 200


def test_bulk_documents_change_only_when_changing(day0):
    changing = day0.changing
    assert len(changing) == 2
    urls = [f"{day0.base_url}/bulk/{i}/{'terms' if i % 2 == 0 else 'privacy'}" for i in range(BULK)]
    first = [fetch(url) for url in urls]
    assert all(status == 200 and 20_000 <= len(body) <= 40_000 for status, _, body in first)
    assert len({legal_text(body) for _, _, body in first}) == BULK   # every document differs
    day0.set_day(1)
    for index, (url, (_, headers, body)) in enumerate(zip(urls, first)):
        status, _, new_body = fetch(url, {"If-None-Match": headers["ETag"]})
        if index in changing:
            assert status == 200 and legal_text(new_body) != legal_text(body)
        else:
            assert status == 304
    assert fetch(f"{day0.base_url}/bulk/{BULK}/terms")[0] == 404


# -- hostile endpoints -----------------------------------------------------------------------

def check_404(status, headers, body):
    assert status == 404


def check_500(status, headers, body):
    assert status == 500


def check_empty(status, headers, body):
    assert status == 200 and body == b"" and headers["Content-Type"].startswith("text/html")


def check_no_match(status, headers, body):
    soup = BeautifulSoup(body, "lxml")
    assert status == 200 and len(soup.get_text()) > 1000
    assert soupsieve.select("main article.legal", soup) == []


def check_pdf(status, headers, body):
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(body))
    assert len(reader.pages) == 2
    assert "Glitchbox Acceptable Use Policy" in reader.pages[0].extract_text()


def check_huge(status, headers, body):
    assert status == 200 and headers.get("Content-Length") is None
    assert headers["Transfer-Encoding"] == "chunked" and len(body) > 10 * 1024 * 1024


def check_binary(status, headers, body):
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def check_latin1(status, headers, body):
    assert status == 200 and headers["Content-Type"] == "text/html" and b"charset" not in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert "Königstraße" in legal_text(body.decode("latin-1").encode())


def check_bot_wall(expected_status):
    def check(status, headers, body):
        assert status == expected_status and headers["cf-mitigated"] == "challenge"
        assert b"<title>Just a moment...</title>" in body
    return check


SIMPLE_CHECKS = {
    "HTTP 404": check_404, "HTTP 500": check_500, "Empty body": check_empty,
    "Selector matches nothing": check_no_match, "PDF document": check_pdf,
    "Oversized body": check_huge, "Undecodable bytes": check_binary,
    "Latin-1 without charset": check_latin1, "Bot wall (403)": check_bot_wall(403),
    "Bot wall (200)": check_bot_wall(200),
}
SPECIAL = {"Timeout", "Redirect loop", "Connection refused"}   # tested one by one below


def test_every_hostile_endpoint_is_tested():
    assert {e["terms_type"] for e in SCENARIO["hostile"]} == set(SIMPLE_CHECKS) | SPECIAL


@pytest.mark.parametrize("terms_type", sorted(SIMPLE_CHECKS))
def test_hostile_endpoint(server, terms_type):
    endpoint = next(e for e in SCENARIO["hostile"] if e["terms_type"] == terms_type)
    SIMPLE_CHECKS[terms_type](*fetch(server.base_url + endpoint["path"]))


def test_hostile_timeout_never_answers(server):
    with pytest.raises(TimeoutError):
        fetch(server.base_url + "/hostile/timeout", timeout=0.3)


def test_hostile_redirect_loop_goes_round(server):
    status, headers, _ = fetch(server.base_url + "/hostile/redirect-loop")
    assert status == 302
    status, headers, _ = fetch(server.base_url + headers["Location"])
    assert status == 302 and headers["Location"] == "/hostile/redirect-loop"


def test_hostile_connection_refused():
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", closed_port()), timeout=2).close()


def test_stop_ends_a_hanging_request_promptly():
    server = DemoServer().start()
    outcome = []

    def hang():
        try:
            outcome.append(fetch(server.base_url + "/hostile/timeout", timeout=60))
        except (ConnectionError, http.client.HTTPException) as error:
            outcome.append(error)

    client = threading.Thread(target=hang)
    client.start()
    while server.counts["requests"] == 0:
        threading.Event().wait(0.01)
    server.stop()
    client.join(timeout=20)
    assert not client.is_alive()
    assert outcome and isinstance(outcome[0], Exception)


# -- robots.txt and declarations -------------------------------------------------------------

def test_robots_allows_everything_unless_told_otherwise(day0):
    assert fetch(day0.base_url + "/robots.txt")[2].decode().splitlines()[-1] == "Disallow:"
    connection = http.client.HTTPConnection("127.0.0.1", day0.port, timeout=5)
    connection.request("POST", "/__demo/disallow", body=json.dumps(["/chirper/legal/privacy"]))
    assert connection.getresponse().status == 200
    connection.close()
    try:
        assert "Disallow: /chirper/legal/privacy" in fetch(day0.base_url + "/robots.txt")[2].decode()
    finally:
        day0.disallow = []


def test_written_declarations_load_and_their_selectors_match(day0, tmp_path):
    paths = write_declarations(day0.base_url, tmp_path, bulk=BULK, hostile=True)
    catalogue = load_catalogue(tmp_path)
    assert catalogue.errors == []
    assert sorted(p.stem for p in paths) == sorted(catalogue.services)
    assert len(catalogue.services) == len(SCENARIO["services"]) + BULK // 2 + 1
    hostile = catalogue.services.pop(HOSTILE_SERVICE)
    assert set(hostile.documents) == {e["terms_type"] for e in SCENARIO["hostile"]}
    for document in catalogue.documents():
        page = document.pages[0]
        status, _, body = fetch(page.fetch)
        assert status == 200
        soup = BeautifulSoup(body, "lxml")
        assert all(soupsieve.select(selector, soup) for selector in page.select), page.fetch


def test_write_declarations_can_pick_services(tmp_path):
    paths = write_declarations("http://127.0.0.1:9", tmp_path, services=["Chirper"])
    assert [p.name for p in paths] == ["Chirper.json"]
    with pytest.raises(ValueError):
        write_declarations("http://127.0.0.1:9", tmp_path, services=["Nope"])


# -- as a separate process -------------------------------------------------------------------

def test_subprocess_prints_its_url_and_obeys_the_control_endpoint():
    process = subprocess.Popen([sys.executable, "-m", "monitor.demo.server", "--port", "0",
                                "--day", "1", "--bulk", "4"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base_url = process.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:")
        state = json.loads(fetch(base_url + "/__demo/state")[2])
        assert (state["day"], state["bulk"]) == (1, 4)
        chirper_terms = next(path for service, terms_type, path in DOCUMENTS
                             if (service, terms_type) == ("Chirper", "Terms of Service"))
        day1 = legal_text(fetch(base_url + chirper_terms)[2])
        status, _, body = fetch(base_url + "/__demo/day/2", method="POST")
        assert status == 200 and json.loads(body)["day"] == 2
        assert json.loads(fetch(base_url + "/__demo/state")[2])["day"] == 2
        day2 = legal_text(fetch(base_url + chirper_terms)[2])
        assert "binding arbitration" not in day1 and "binding arbitration" in day2
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.returncode == 0, process.stderr.read()
