"""Headless Debian chromium through Selenium: the staff pages' tour and browser tests.

One place for how the browser is started (chromedriver and chromium from
Debian's packages, headless, no sandbox inside containers), so the tour and
the tests see the pages the same way. The driver is used from the thread
that made it.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def browser_missing() -> str:
    """Why the browser cannot start here ("" when it can): selenium is a development
    dependency, chromium and chromium-driver are Debian packages."""
    import importlib.util

    if importlib.util.find_spec("selenium") is None:
        return "selenium is not installed (a development dependency)"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not path.exists():
            return f"{path} is missing (Debian package {package})"
    return ""


def staff_browser(width: int = 1366, height: int = 768):  # type: ignore[no-untyped-def]
    """A headless chromium (Selenium WebDriver) with a ``width``×``height`` window."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={width},{height}",
        "--lang=zh-CN",
        "--hide-scrollbars",
    ):
        options.add_argument(arg)
    options.binary_location = str(CHROMIUM)
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
