"""The console's Reports tab (issue 13, 1) in headless Chromium: two
released listings of a QSZ user, each reported by another user through
/report_house, are listed from GET /admin/api/reports (one row per
listing); a row's details show its reports; Pull off (a reason, confirmed)
pulls the first off and resolves its report, Dismiss (confirmed) dismisses
the second's; both rows leave the list.  A refusal of the API (a listing
no longer released) is shown to the administrator."""

import os

import pytest

from admin_util import PASSWORD, adm, new_admin
from test_admin_console import browser, out_dir  # noqa: F401
from test_admin_pulloff import released, status_of

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def report(api, u, hid, reason):
    ans = api.ok("/report_house", token=u.token,
                 data={"house_id": str(hid), "reason": reason})
    assert set(ans) == {"report_id"}, ans
    return ans["report_id"]


def state_of(db, rid):
    return int(db.value("SELECT state FROM listing_reports WHERE id = %d"
                        % rid))


def test_console_reports(api, base, browser, db, make_user):
    owner, reporter = make_user(), make_user()
    a, _, _ = released(api, owner)
    b, _, _ = released(api, owner)
    ra = report(api, reporter, a, "照片与实物不符")
    rb = report(api, reporter, b, "价格虚假，电话打不通")
    uid, name, token = new_admin(api)
    wait = WebDriverWait(browser, 20)

    def shot(n):
        p = os.path.join(out_dir(), n + ".png")
        assert browser.save_screenshot(p), p

    def message(text):
        wait.until(EC.text_to_be_present_in_element((By.ID, "message"), text))

    def reload(button):
        """A click on button, once the list it shows has replaced the one
        shown (a row put in beforehand is gone then)."""
        browser.execute_script(
            "const t = document.createElement('tr'); t.id = 'stale-row';"
            "document.querySelector('#reports tbody').appendChild(t);")
        browser.find_element(By.ID, button).click()
        wait.until(lambda d: not d.find_elements(By.ID, "stale-row"))

    def row(hid):
        """The listing's row, freshly loaded, paging on from the first page
        (other tests may leave reported listings before it)."""
        reload("tab-reports")
        while True:
            found = browser.find_elements(By.ID, "report-%d" % hid)
            if found:
                return found[0]
            assert browser.find_element(By.ID, "reports-next").is_enabled(), \
                "no row for listing %d" % hid
            reload("reports-next")

    def confirmed(text=""):
        wait.until(EC.alert_is_present())
        alert = browser.switch_to.alert
        assert text in alert.text, alert.text
        alert.accept()

    browser.get(base + "/admin/")
    wait.until(EC.visibility_of_element_located((By.ID, "login-form")))
    browser.find_element(By.ID, "username").send_keys(name)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.ID, "signin").click()
    wait.until(EC.element_to_be_clickable((By.ID, "tab-reports")))

    # the list: one row per listing, the queue and refunds hidden
    ta = row(a)
    assert "举报测试房源" in ta.text and "#%d" % owner.id in ta.text
    assert "released" in ta.text and "照片与实物不符" in ta.text
    assert not browser.find_element(By.ID, "queue-pane").is_displayed()
    assert not browser.find_element(By.ID, "refunds-pane").is_displayed()
    assert not browser.find_element(By.ID, "report-detail").is_displayed()
    browser.execute_script("arguments[0].scrollIntoView()", ta)
    shot("20-reports")
    assert "价格虚假" in row(b).text

    # the details beside the list: the report's reason, no pull-off yet
    ta = row(a)
    ta.find_element(By.CSS_SELECTOR, "button.details").click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "report-reports"),
                                                "照片与实物不符"))
    detail = browser.find_element(By.ID, "report-detail")
    assert "Listing #%d" % a in detail.text
    assert "user #%d" % reporter.id in detail.text and "open" in detail.text
    assert browser.find_element(By.ID, "report-pulloffs").text == "None."
    shot("21-report-details")

    # Pull off: refused in the page without a reason, nothing sent
    ta.find_element(By.CSS_SELECTOR, "button.pulloff").click()
    message("needs a reason")
    assert status_of(db, a) == 1 and state_of(db, ra) == 0
    reason = "房源信息虚假，已核实"
    browser.find_element(By.ID, "report-reason").send_keys(reason)
    row(a).find_element(By.CSS_SELECTOR, "button.pulloff").click()
    confirmed(reason)
    message("pulled off")
    wait.until(lambda d: not d.find_elements(By.ID, "report-%d" % a))
    # the details shown now say what happened
    wait.until(EC.text_to_be_present_in_element((By.ID, "report-pulloffs"),
                                                reason))
    assert "listing pulled off" in browser.find_element(
        By.ID, "report-reports").text

    # Dismiss the other's
    row(b).find_element(By.CSS_SELECTOR, "button.dismiss").click()
    confirmed()
    message("1 report(s) dismissed")
    wait.until(lambda d: not d.find_elements(By.ID, "report-%d" % b))
    wait.until(EC.text_to_be_present_in_element(
        (By.ID, "report-detail-title"), "Listing #%d — released" % b))
    assert "dismissed (#%d" % uid in browser.find_element(
        By.ID, "report-reports").text
    shot("22-reports-after")

    # what is stored: the first pulled off with the reason, its report
    # resolved by the pull-off; the second released, its report dismissed
    assert status_of(db, a) == 2
    assert db.value("SELECT HEX(pulloff_reason) FROM houses WHERE id = %d"
                    % a) == reason.encode().hex().upper()
    assert state_of(db, ra) == 1
    assert status_of(db, b) == 1
    assert state_of(db, rb) == 2
    got = adm(api, "GET", "/listings/%d" % b, token=token)
    assert [(r["id"], r["state"], r["resolved_by"]) for r in got["reports"]] \
        == [(rb, "dismissed", uid)]
    listed = {x["id"] for x in adm(api, "GET", "/reports?size=100",
                                   token=token)["items"]}
    assert a not in listed and b not in listed

    # a refusal is shown: a third listing its owner pulls off while the
    # page shows it released
    c, _, _ = released(api, owner)
    rc = report(api, reporter, c, "重复发布")
    tc = row(c)
    assert "released" in tc.text
    assert api.call("/pulloff_house", token=owner.token,
                    data={"house_id": str(c)})["status"] == 0
    browser.find_element(By.ID, "report-reason").send_keys("重复发布")
    tc.find_element(By.CSS_SELECTOR, "button.pulloff").click()
    confirmed()
    message("only a released listing can be pulled off")
    assert "error" in browser.find_element(By.ID, "message").get_attribute(
        "class")
    assert state_of(db, rc) == 0
    # still listed (its report is open), now as pulled off; dismissed
    wait.until(EC.text_to_be_present_in_element((By.ID, "report-%d" % c),
                                                "pulled_off"))
    row(c).find_element(By.CSS_SELECTOR, "button.dismiss").click()
    confirmed()
    message("1 report(s) dismissed")
    wait.until(lambda d: not d.find_elements(By.ID, "report-%d" % c))
    assert state_of(db, rc) == 2

    # back to a queue: the reports are hidden again
    browser.find_element(By.ID, "tab-real-name").click()
    wait.until(EC.visibility_of_element_located((By.ID, "queue-pane")))
    assert not browser.find_element(By.ID, "reports-pane").is_displayed()
