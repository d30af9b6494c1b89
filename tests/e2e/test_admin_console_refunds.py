"""The console's Refunds tab (issue 13, 2) in headless Chromium: the
payments kept to refund listed from GET /admin/api/refunds, a click on a
row's Refund button (confirmed) refunds it through the fake Alipay, and
the row leaves the list."""

import json
import os

import pytest

from admin_util import PASSWORD, new_admin
from test_admin_console import browser, out_dir  # noqa: F401
from test_refunds import (REFUND, fake, made, refunds_of,  # noqa: F401
                          to_refund)

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def test_console_refund(api, base, browser, fake, db, to_refund):
    pay, out = to_refund
    _, name, _ = new_admin(api)
    wait = WebDriverWait(browser, 20)
    browser.get(base + "/admin/")
    wait.until(EC.visibility_of_element_located((By.ID, "login-form")))
    browser.find_element(By.ID, "username").send_keys(name)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.ID, "signin").click()
    wait.until(EC.element_to_be_clickable((By.ID, "tab-refunds"))).click()
    row = wait.until(EC.visibility_of_element_located(
        (By.ID, "refund-%d" % pay)))
    assert out in row.text and "10.00" in row.text
    assert not browser.find_element(By.ID, "queue-pane").is_displayed()
    browser.save_screenshot(os.path.join(out_dir(), "10-refunds.png"))
    row.find_element(By.CSS_SELECTOR, "input.refund-amount").send_keys("4")
    browser.find_element(By.ID, "refund-reason").send_keys("console refund")
    row.find_element(By.CSS_SELECTOR, "button.refund").click()
    wait.until(EC.alert_is_present())
    browser.switch_to.alert.accept()
    wait.until(EC.text_to_be_present_in_element((By.ID, "message"),
                                                "4.00 yuan refunded"))
    rows = refunds_of(db, pay)
    assert [x[1:3] for x in rows] == [["400", "1"]], rows
    assert made(fake, out) == [(rows[0][0], "4.00")]
    assert json.loads(fake.calls(REFUND, out)[0]["params"]["biz_content"])[
        "refund_reason"] == "console refund"
    # the row now shows what is left
    wait.until(EC.text_to_be_present_in_element((By.ID, "refund-%d" % pay),
                                                "6.00"))
    # the rest: no amount, the whole remainder; the row leaves the list
    row = browser.find_element(By.ID, "refund-%d" % pay)
    row.find_element(By.CSS_SELECTOR, "button.refund").click()
    wait.until(EC.alert_is_present())
    browser.switch_to.alert.accept()
    wait.until(EC.text_to_be_present_in_element((By.ID, "message"),
                                                "6.00 yuan refunded"))
    wait.until(lambda d: not d.find_elements(By.ID, "refund-%d" % pay))
    browser.save_screenshot(os.path.join(out_dir(), "11-refunded.png"))
    assert len(made(fake, out)) == 2
    # back to a queue: the refunds are hidden again
    browser.find_element(By.ID, "tab-landlord").click()
    wait.until(EC.visibility_of_element_located((By.ID, "queue-pane")))
    assert not browser.find_element(By.ID, "refunds-pane").is_displayed()
