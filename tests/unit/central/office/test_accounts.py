"""Accounts of the back office: login, lockout, idle expiry, deactivation, passwords, CSRF,
the headers every page carries, and Diskominfo's account pages; on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import requests

from tests.helpers.central import central_command
from tests.helpers.office import (
    KIOSK_A,
    StaffSession,
    execute,
    office_central,
    password_of,
    submit,
)


@pytest.fixture(scope="module")
def central(tmp_path_factory, backend):
    with office_central(tmp_path_factory.mktemp("office"), backend) as server:
        yield server


def audit(central, *args):
    return json.loads(central.cli("audit", "--json", *args))


def test_a_login_is_audited_with_where_it_came_from(central):
    session = StaffSession(central.url, "op-kemiren")
    assert session.login_response.status_code == 302
    assert session.login_response.headers["Location"] == "/office/"
    entry = audit(central, "--user", "op-kemiren", "--action", "login")[0]
    assert entry["address"] == "127.0.0.1" and entry["target"] == "op-kemiren"


def test_a_forwarded_for_header_from_anyone_but_the_trusted_proxy_changes_nothing(central):
    session = StaffSession(central.url, "op-kemiren", "bukan-kata-sandinya")
    session.http.headers["X-Forwarded-For"] = "198.51.100.9"
    assert session.log_in(password_of("op-kemiren")).status_code == 302
    logins = audit(central, "--user", "op-kemiren", "--action", "login")
    assert logins and {entry["address"] for entry in logins} == {"127.0.0.1"}


def test_behind_the_trusted_proxy_the_audit_has_the_clients_address(tmp_path_factory, backend):
    with office_central(
        tmp_path_factory.mktemp("proxied"), backend, ("--trusted-proxy", "127.0.0.1")
    ) as proxied:
        # A first, failed try only to get the form's CSRF cookie; then the real login.
        session = StaffSession(proxied.url, "op-kemiren", "bukan-kata-sandinya")
        # nginx's $proxy_add_x_forwarded_for: what the client sent, then the client's address.
        session.http.headers["X-Forwarded-For"] = "10.9.9.9, 198.51.100.9"
        assert session.log_in(password_of("op-kemiren")).status_code == 302
        logins = audit(proxied, "--user", "op-kemiren", "--action", "login")
    assert [entry["address"] for entry in logins] == ["198.51.100.9"]


def test_a_wrong_password_is_refused_and_audited(central):
    session = StaffSession(central.url, "ugd-budi", "bukan-kata-sandinya")
    assert session.login_response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in session.login_response.text
    assert session.get("/office/").status_code == 302
    assert audit(central, "--action", "login_failed", "--target", "ugd-budi")


def test_the_session_ends_after_30_idle_minutes(central):
    session = StaffSession(central.url, "op-kembiritan")
    assert session.get("/office/").status_code == 200
    key = session.http.cookies["sessionid"]
    [(expires,)] = central.database.query(
        "SELECT expire_date FROM django_session WHERE session_key = %s", key
    )
    if isinstance(expires, str):  # SQLite keeps it as text
        expires = dt.datetime.fromisoformat(expires).replace(tzinfo=dt.UTC)
    left = expires - dt.datetime.now(dt.UTC)
    assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)
    # 30 minutes later (the row's expiry moved to the past), the next click asks for a login.
    execute(
        central.database,
        "UPDATE django_session SET expire_date = %s WHERE session_key = %s",
        dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1),
        key,
    )
    expired = session.get("/office/")
    assert expired.status_code == 302 and expired.headers["Location"].startswith("/office/login/")


def test_a_form_without_its_csrf_token_is_refused(central):
    response = requests.post(
        central.url + "/office/login/",
        data={"username": "op-kemiren", "password": password_of("op-kemiren")},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 403
    assert "Formulir kedaluwarsa" in response.text


PAGES = (
    "/office/",
    "/office/complaints/",
    "/office/poverty/",
    "/office/fleet/",
    "/office/password/",
)


def test_pages_carry_a_strict_policy_and_no_inline_script_or_style(central):
    reference = submit(central, KIOSK_A, "sktm", {"purpose": "school"})
    operator = StaffSession(central.url, "op-kemiren")
    admin = StaffSession(central.url, "admin-kominfo")
    pages = [requests.get(central.url + "/office/login/", timeout=10)]
    pages += [operator.get(path) for path in (*PAGES, f"/office/requests/{reference}/")]
    pages += [
        admin.get(path) for path in ("/office/staff/", "/office/staff/new/", "/office/audit/")
    ]
    for page in pages:
        assert page.status_code == 200, page.url
        policy = page.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
        assert page.headers["X-Frame-Options"] == "DENY"
        assert page.headers["Cache-Control"] == "no-store"
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text), page.url
        assert not re.search(r"\sstyle=", page.text), page.url
        assert not re.search(r"\son[a-z]+=", page.text), page.url
        for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text):
            assert requests.get(central.url + asset, timeout=10).status_code == 200, asset
        assert "http://" not in re.sub(r'xmlns="http://www.w3.org/2000/svg"', "", page.text)
    # The kiosk API keeps its own answers: no page policy there.
    assert (
        "Content-Security-Policy"
        not in requests.get(central.url + "/v1/health", timeout=10).headers
    )


def test_a_password_is_changed_with_the_old_one(central):
    session = StaffSession(central.url, "ugd-siti")
    new = "kata-sandi-baru-yang-panjang-1"
    weak = session.post(
        "/office/password/",
        {"old_password": password_of("ugd-siti"), "new_password1": "1234", "new_password2": "1234"},
    )
    assert weak.status_code == 200 and "errorlist" in weak.text
    changed = session.post(
        "/office/password/",
        {"old_password": password_of("ugd-siti"), "new_password1": new, "new_password2": new},
    )
    assert changed.status_code == 302
    assert session.get("/office/").status_code == 200  # this session stays valid
    assert StaffSession(central.url, "ugd-siti").login_response.status_code == 200  # old one
    assert StaffSession(central.url, "ugd-siti", new).login_response.status_code == 302
    assert audit(central, "--action", "password_changed", "--user", "ugd-siti")


def test_diskominfo_creates_an_account_that_then_sees_its_village(central):
    admin = StaffSession(central.url, "admin-kominfo")
    page = admin.get("/office/staff/new/")
    village_id = re.search(r'<option value="([0-9]+)">35\.10\.15\.2004 Kemiren</option>', page.text)
    assert village_id, page.text[:2000]
    form = {
        "username": "op-kemiren-2",
        "password1": "operator-baru-kemiren-77",
        "password2": "operator-baru-kemiren-77",
        "role": "operator_desa",
        "village": village_id.group(1),
    }
    no_village = admin.post("/office/staff/new/", {**form, "village": ""})
    assert no_village.status_code == 200 and "membutuhkan desa" in no_village.text
    created = admin.post("/office/staff/new/", form)
    assert created.status_code == 302
    reference = submit(central, KIOSK_A, "domisili", {"purpose": "work"})
    newcomer = StaffSession(central.url, "op-kemiren-2", "operator-baru-kemiren-77")
    assert reference in newcomer.get("/office/").text
    entry = audit(central, "--action", "create_user", "--target", "op-kemiren-2")[0]
    assert entry["user"] == "admin-kominfo"
    assert entry["detail"] == {"role": "operator_desa", "village": "3510152004", "opd": None}


def test_a_deactivated_account_is_out_at_its_next_click(central):
    admin = StaffSession(central.url, "admin-kominfo")
    officer = StaffSession(central.url, "dlh-wahyu")
    assert officer.get("/office/complaints/").status_code == 200
    member = re.search(
        r'href="/office/staff/([0-9]+)/">dlh-wahyu<', admin.get("/office/staff/").text
    )
    deactivated = admin.post(f"/office/staff/{member.group(1)}/active", {"active": "0"})
    assert deactivated.status_code == 302
    assert officer.get("/office/complaints/").status_code == 302
    assert StaffSession(central.url, "dlh-wahyu").login_response.status_code == 200
    # The same from the shell, the other way.
    central.cli("deactivate-user", "--username", "dlh-wahyu", "--activate")
    assert StaffSession(central.url, "dlh-wahyu").login_response.status_code == 302
    actions = [entry["action"] for entry in audit(central, "--target", "dlh-wahyu")]
    assert "deactivate_user" in actions and "activate_user" in actions


def test_an_admin_cannot_deactivate_themself(central):
    admin = StaffSession(central.url, "admin-kominfo")
    me = re.search(
        r'href="/office/staff/([0-9]+)/">admin-kominfo<', admin.get("/office/staff/").text
    )
    admin.post(f"/office/staff/{me.group(1)}/active", {"active": "0"})
    assert admin.get("/office/staff/").status_code == 200


def test_roles_are_given_and_taken_back(central):
    admin = StaffSession(central.url, "admin-kominfo")
    member = re.search(
        r'href="/office/staff/([0-9]+)/">ugd-budi<', admin.get("/office/staff/").text
    )
    base = f"/office/staff/{member.group(1)}"
    given = admin.post(f"{base}/grant", {"role": "petugas_pengaduan", "opd": "DINSOS"})
    assert given.status_code == 302
    budi = StaffSession(central.url, "ugd-budi")
    assert budi.get("/office/complaints/").status_code == 200
    grant = re.search(
        rf'action="{base}/grants/([0-9]+)/revoke"', admin.get(f"{base}/").text.split("petugas")[1]
    )
    assert admin.post(f"{base}/grants/{grant.group(1)}/revoke").status_code == 302
    assert budi.get("/office/complaints/").status_code == 403


def test_five_wrong_passwords_lock_the_name_until_a_reset(central):
    for _ in range(5):
        StaffSession(central.url, "kades-kemiren", "salah-salah-salah")
    locked = StaffSession(central.url, "kades-kemiren")  # even the right password
    assert locked.login_response.status_code == 429
    assert "Terlalu banyak percobaan" in locked.login_response.text
    assert audit(central, "--action", "locked_out", "--target", "kades-kemiren")
    new = "kepala-desa-kemiren-baru-9"
    completed = central_command(
        "reset-password",
        "--username",
        "kades-kemiren",
        *central.database.args(),
        env=central.database.env(),
        stdin=new + "\n",
    )
    assert completed.returncode == 0, completed.stderr
    assert StaffSession(central.url, "kades-kemiren", new).login_response.status_code == 302
    entry = audit(central, "--action", "reset_password", "--target", "kades-kemiren")[0]
    assert entry["user"].startswith("shell:") and entry["detail"]["lockouts_lifted"] >= 1


def test_cookies_are_secure_when_served_over_https(tmp_path, monkeypatch):
    monkeypatch.setenv("CENTRAL_HTTPS", "true")
    with office_central(tmp_path) as central:
        https = {"X-Forwarded-Proto": "https"}
        login = requests.get(central.url + "/office/login/", headers=https, timeout=10)
        token = login.cookies["csrftoken"]
        assert "Secure" in login.headers["Set-Cookie"]
        host = central.url.removeprefix("http://")
        answer = requests.post(
            central.url + "/office/login/",
            data={
                "username": "op-kemiren",
                "password": password_of("op-kemiren"),
                "csrfmiddlewaretoken": token,
            },
            headers={
                **https,
                "Referer": f"https://{host}/office/login/",
                "Cookie": f"csrftoken={token}",
            },
            allow_redirects=False,
            timeout=10,
        )
        assert answer.status_code == 302
        session_cookie = [c for c in answer.headers["Set-Cookie"].split(", ") if "sessionid=" in c]
        assert session_cookie and "Secure" in session_cookie[0] and "HttpOnly" in session_cookie[0]
