"""The review console (issue 13, 1) in a real browser: headless Chromium
driven by Selenium signs in with an administrator's username and
password, approves one submission, rejects another with a reason, and the
statuses change through the API (QSZ /fetch_userinfo).  A screenshot of
each page goes to $ZUFANG_TEST_OUTPUT/admin-console/, else to
build/test-output/admin-console/ (the test stack's state folder is removed
after the run); the folder is printed."""

import os

import pytest

from admin_util import PASSWORD, REPO, new_admin, pending_landlord, pending_realname

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def out_dir():
    root = os.environ.get("ZUFANG_TEST_OUTPUT") or \
        os.path.join(REPO, "build", "test-output")
    d = os.path.join(root, "admin-console")
    os.makedirs(d, exist_ok=True)
    return d


@pytest.fixture
def browser():
    if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
        pytest.skip("chromium and chromium-driver are not installed")
    o = webdriver.ChromeOptions()
    o.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
              "--disable-gpu", "--window-size=1400,1000"):
        o.add_argument(a)
    d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=o)
    d.set_page_load_timeout(60)
    yield d
    d.quit()


def test_console_approve_and_reject(api, base, browser, make_user, files, db,
                                    capsys):
    _, name, _ = new_admin(api)
    a, _ = pending_realname(api, make_user, files, name="张三丰")
    b = pending_landlord(api, make_user, files)
    # Both at the head of their queues (the queues are oldest first; other
    # tests leave submissions pending).
    db.run("UPDATE users SET updated_at = '2000-01-01' WHERE id = %d" % a.id)
    db.run("UPDATE house_certs SET updated_at = '2000-01-01' "
           "WHERE user_id = %d" % b.id)
    shots = out_dir()
    with capsys.disabled():  # shown even when pytest captures output
        print("\nadmin console screenshots in %s" % shots)

    def shot(n):
        p = os.path.join(shots, n + ".png")
        assert browser.save_screenshot(p), p
        assert os.path.getsize(p) > 1000

    wait = WebDriverWait(browser, 20)

    def message(text):
        wait.until(EC.text_to_be_present_in_element((By.ID, "message"), text))

    browser.get(base + "/admin/")
    wait.until(EC.visibility_of_element_located((By.ID, "login-form")))
    shot("01-sign-in")
    browser.find_element(By.ID, "username").send_keys(name)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.ID, "signin").click()
    row = wait.until(EC.element_to_be_clickable(
        (By.ID, "row-real-name-%d" % a.id)))
    assert browser.execute_script(
        "return sessionStorage.getItem('zufang_admin_token')")
    shot("02-real-name-queue")

    # The submission: its data beside its documents (blob URLs).
    row.click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR,
                                             "#documents .document")) == 3)
    imgs = browser.find_elements(By.CSS_SELECTOR, "#documents img.document")
    assert len(imgs) == 2  # portrait and front; the back is a PDF link
    for img in imgs:
        assert img.get_attribute("src").startswith("blob:")
        wait.until(lambda d, i=img: d.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth > 0",
            i))
    assert "张三丰" in browser.find_element(By.ID, "fields").text
    shot("03-real-name-submission")
    browser.find_element(By.ID, "approve").click()
    message("approved")
    shot("04-real-name-approved")
    assert api.fetch(a.token)["real_name_status"] == 2

    # The landlord queue: reject with a reason.
    browser.find_element(By.ID, "tab-landlord").click()
    wait.until(EC.element_to_be_clickable(
        (By.ID, "row-landlord-%d" % b.id))).click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR,
                                             "#documents img.document")) == 1)
    shot("05-landlord-submission")
    # no reason: refused in the page, nothing sent
    browser.find_element(By.ID, "reject").click()
    message("needs a reason")
    assert api.fetch(b.token)["landlord_status"] == 1
    reason = "产权证照片不清晰"
    browser.find_element(By.ID, "reason").send_keys(reason)
    browser.find_element(By.ID, "reject").click()
    message("rejected")
    wait.until(EC.text_to_be_present_in_element((By.ID, "decisions"), reason))
    shot("06-landlord-rejected")
    assert api.fetch(b.token)["landlord_status"] == 3
    assert db.value("SELECT reason FROM review_decisions WHERE user_id = %d"
                    % b.id) == reason

    # Signing out forgets the token.
    browser.find_element(By.ID, "signout").click()
    wait.until(EC.visibility_of_element_located((By.ID, "login-form")))
    assert browser.execute_script(
        "return sessionStorage.getItem('zufang_admin_token')") is None
    shot("07-signed-out")
